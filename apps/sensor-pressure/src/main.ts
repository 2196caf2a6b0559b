import { runSensorApp } from '@healthcare/sensors';
import { AppModule } from './app.module.js';
import { PressureSensorConfig } from './config/pressure-sensor.config.js';

runSensorApp('sensor-pressure', PressureSensorConfig, (config) => AppModule.forRoot(config));
