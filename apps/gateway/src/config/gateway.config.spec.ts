import { ConfigError, loadConfig } from '@healthcare/config';
import { GatewayConfig } from './gateway.config.js';

describe('GatewayConfig', () => {
  it('has the documented defaults', () => {
    expect({ ...loadConfig(GatewayConfig, {}) }).toEqual({
      HTTP_PORT: 5000,
      GRPC_PORT: 7777,
      HOST: '0.0.0.0',
      MQTT_URL: 'mqtt://localhost:1883',
      MQTT_USERNAME: '',
      MQTT_PASSWORD: '',
      METRICS_TOKEN: '',
      MQTT_TOPIC_PREFIX: '',
      MQTT_MAX_MESSAGE_BYTES: 65_536,
      PUBLISH_TIMEOUT_MS: 5000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      MAX_PENDING_PUBLISHES: 10_000,
      WS_MAX_IN_FLIGHT: 1000,
      WS_MAX_UNREAD_BYTES: 1_048_576,
      DATABASE_URL: 'postgres://postgres:postgres@localhost:5432/healthcare',
      DEVICE_AUTH: 'required',
      DEVICE_REGISTRY_REFRESH_MS: 2000,
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
    });
  });

  it.each([
    ['MQTT_URL', 'localhost:1883'],
    ['MQTT_URL', 'http://broker:1883'],
    ['MQTT_URL', 'mqtt://'],
    ['MQTT_TOPIC_PREFIX', 'ward/#'],
    ['MQTT_TOPIC_PREFIX', 'ward +'],
    ['HTTP_PORT', 'abc'],
    ['HTTP_PORT', '0'],
    ['HTTP_PORT', '65536'],
    ['GRPC_PORT', '1.5'],
    ['MQTT_MAX_MESSAGE_BYTES', '0'],
    ['MQTT_MAX_MESSAGE_BYTES', '65537'],
    ['PUBLISH_TIMEOUT_MS', '99'],
    ['PUBLISH_TIMEOUT_MS', '60001'],
    ['SHUTDOWN_TIMEOUT_MS', '-1'],
    ['MAX_PENDING_PUBLISHES', '0'],
    ['MAX_PENDING_PUBLISHES', '65535'],
    ['WS_MAX_IN_FLIGHT', '0'],
    ['WS_MAX_IN_FLIGHT', 'many'],
    ['WS_MAX_UNREAD_BYTES', '1024'],
    ['DEVICE_AUTH', 'optional'],
    ['DEVICE_REGISTRY_REFRESH_MS', '100'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['LOG_FORMAT', 'xml'],
    ['LOG_LEVEL', 'info'],
  ])('rejects %s=%p, naming it', (name, value) => {
    const load = () => loadConfig(GatewayConfig, { [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name}: `);
    expect(load).toThrow(`(got ${JSON.stringify(value)})`);
  });

  it.each([
    ['HTTP_PORT', '1', 1],
    ['HTTP_PORT', '65535', 65535],
    ['MQTT_MAX_MESSAGE_BYTES', '1', 1],
    ['MQTT_MAX_MESSAGE_BYTES', '65536', 65_536],
    ['PUBLISH_TIMEOUT_MS', '100', 100],
    ['PUBLISH_TIMEOUT_MS', '60000', 60_000],
    ['SHUTDOWN_TIMEOUT_MS', '0', 0],
    ['MAX_PENDING_PUBLISHES', '1', 1],
    ['MAX_PENDING_PUBLISHES', '60000', 60_000],
    ['WS_MAX_IN_FLIGHT', '1', 1],
    ['WS_MAX_UNREAD_BYTES', '65536', 65_536],
  ])('accepts %s=%p at its bound', (name, value, expected) => {
    expect(loadConfig(GatewayConfig, { [name]: value })[name as keyof GatewayConfig]).toBe(
      expected,
    );
  });
});
