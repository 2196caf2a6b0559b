import { describeSensorConfig } from '@healthcare/testing';
import { PressureSensorConfig } from './pressure-sensor.config.js';

describeSensorConfig(PressureSensorConfig, 'GATEWAY_GRPC_PORT', {
  GATEWAY_HOST: 'localhost',
  GATEWAY_GRPC_PORT: 7777,
  INTERVAL_MS: 10000,
  SENSOR_ID: 'Press_001',
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
