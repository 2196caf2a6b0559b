import { describeSensorConfig } from '@healthcare/testing';
import { TemperatureSensorConfig } from './temperature-sensor.config.js';

describeSensorConfig(TemperatureSensorConfig, 'GATEWAY_HTTP_PORT', {
  GATEWAY_HOST: 'localhost',
  GATEWAY_HTTP_PORT: 5000,
  INTERVAL_MS: 10000,
  SENSOR_ID: 'Temp_001',
  DEVICES: 1,
  DEVICE_TOKEN: '',
  DEVICE_TOKEN_FILE: '',
  SHUTDOWN_GRACE_MS: 3000,
  HEARTBEAT_FILE: '',
  TLS_CA_FILE: '',
  TLS_CERT_FILE: '',
  TLS_KEY_FILE: '',
  LOG_FORMAT: 'text',
  LOG_LEVEL: 'log',
});
