import { runSensorApp } from '@healthcare/sensors';
import { AppModule } from './app.module.js';
import { HeartRateSensorConfig } from './config/heartrate-sensor.config.js';

runSensorApp('sensor-heartrate', HeartRateSensorConfig, (config) => AppModule.forRoot(config));
