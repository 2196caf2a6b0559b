import { runSensorApp } from '@healthcare/sensors';
import { AppModule } from './app.module.js';
import { TemperatureSensorConfig } from './config/temperature-sensor.config.js';

runSensorApp('sensor-temperature', TemperatureSensorConfig, (config) => AppModule.forRoot(config));
