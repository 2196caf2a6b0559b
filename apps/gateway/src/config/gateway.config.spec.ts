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
      MQTT_CA_FILE: '',
      METRICS_TOKEN: '',
      MQTT_TOPIC_PREFIX: '',
      MQTT_MAX_MESSAGE_BYTES: 65_536,
      PUBLISH_TIMEOUT_MS: 5000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      MAX_PENDING_PUBLISHES: 10_000,
      WS_MAX_IN_FLIGHT: 1000,
      WS_MAX_UNREAD_BYTES: 1_048_576,
      TLS_CERT_FILE: '',
      TLS_KEY_FILE: '',
      TLS_CLIENT_CA_FILE: '',
      MAX_CONNECTIONS: 20_000,
      WS_MAX_CONNECTIONS_PER_CLIENT: 1000,
      WS_MAX_CONNECTIONS_PER_DEVICE: 4,
      WS_ALLOWED_ORIGINS: '',
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_IDLE_TIMEOUT_MS: 60_000,
      WS_IDLE_TIMEOUT_MS: 300_000,
      GRPC_MAX_MESSAGE_BYTES: 16_384,
      GRPC_MAX_CONCURRENT_STREAMS: 100,
      GRPC_MAX_CONNECTIONS: 20_000,
      GRPC_IDLE_TIMEOUT_MS: 300_000,
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
    ['TLS_CERT_FILE', '/nonexistent/server.crt'],
    ['TLS_KEY_FILE', '/nonexistent/server.key'],
    ['MQTT_CA_FILE', '/nonexistent/ca.crt'],
    ['MAX_CONNECTIONS', '0'],
    ['WS_MAX_CONNECTIONS_PER_CLIENT', '0'],
    ['WS_ALLOWED_ORIGINS', 'ward.example'],
    ['WS_ALLOWED_ORIGINS', 'https://a.example,*'],
    ['HTTP_HEADERS_TIMEOUT_MS', '10'],
    ['GRPC_MAX_MESSAGE_BYTES', '10'],
    ['GRPC_MAX_CONCURRENT_STREAMS', '0'],
    ['GRPC_MAX_CONNECTIONS', '0'],
    ['GRPC_IDLE_TIMEOUT_MS', '999'],
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

  // any file the process can read stands for a certificate here
  const file = process.execPath;

  it.each([
    [{ TLS_CERT_FILE: file }, 'TLS_KEY_FILE and TLS_CERT_FILE must be set together'],
    [{ TLS_KEY_FILE: file }, 'TLS_CERT_FILE and TLS_KEY_FILE must be set together'],
    [{ TLS_CLIENT_CA_FILE: file }, 'TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE'],
    [{ MQTT_CA_FILE: file }, 'MQTT_CA_FILE needs a TLS MQTT_URL'],
  ])('refuses TLS settings that do not go together: %p', (env, message) => {
    expect(() => loadConfig(GatewayConfig, env)).toThrow(message);
  });

  it('takes a certificate with its key, a client CA and an mqtts:// broker with its CA', () => {
    const config = loadConfig(GatewayConfig, {
      TLS_CERT_FILE: file,
      TLS_KEY_FILE: file,
      TLS_CLIENT_CA_FILE: file,
      MQTT_URL: 'mqtts://broker:8883',
      MQTT_CA_FILE: file,
    });
    expect(config.TLS_CLIENT_CA_FILE).toBe(file);
  });

  it('reads the allowed WebSocket origins as a list', () => {
    const config = loadConfig(GatewayConfig, {
      WS_ALLOWED_ORIGINS: 'https://ward.example, http://localhost:8080',
    });
    expect(config.allowedOrigins).toEqual(['https://ward.example', 'http://localhost:8080']);
  });
});
