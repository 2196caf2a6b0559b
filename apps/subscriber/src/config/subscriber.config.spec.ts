import { ConfigError, loadConfig } from '@healthcare/config';
import { SubscriberConfig } from './subscriber.config.js';

describe('SubscriberConfig', () => {
  it('has the documented defaults', () => {
    expect({ ...loadConfig(SubscriberConfig, {}) }).toEqual({
      DATABASE_URL: 'postgres://postgres:postgres@localhost:5432/healthcare',
      MQTT_URL: 'mqtt://localhost:1883',
      MQTT_USERNAME: '',
      MQTT_PASSWORD: '',
      MQTT_CA_FILE: '',
      METRICS_TOKEN: '',
      MQTT_CLIENT_ID: 'healthcare-subscriber',
      MQTT_SHARED_GROUP: '',
      MQTT_TOPIC_PREFIX: '',
      MQTT_SESSION_EXPIRY_S: 604_800,
      MQTT_KEEPALIVE_S: 60,
      BATCH_SIZE: 500,
      FLUSH_MS: 5,
      SUBSCRIBER_HTTP_PORT: 5001,
      HOST: '0.0.0.0',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      SCORING: true,
      SCORING_MAX_DEVICES: 100_000,
      SCORING_REFRESH_MS: 5000,
      SCORING_INTERVAL_MS: 500,
      DATABASE_STATEMENT_TIMEOUT_MS: 10_000,
      VITAL_MAX_AGE_S: 3600,
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
      TLS_CERT_FILE: '',
      TLS_KEY_FILE: '',
    });
  });

  it.each([
    ['DATABASE_URL', 'postgres://db/healthcare'],
    ['DATABASE_URL', 'postgresql://u:p@db:5433/x?sslmode=require'],
    ['MQTT_URL', 'mqtts://broker.example:8883'],
    ['MQTT_CLIENT_ID', 'subscriber-2_a'],
    ['MQTT_SHARED_GROUP', 'storage'],
    ['MQTT_TOPIC_PREFIX', 'ward-3/'],
  ])('accepts %s=%p', (name, value) => {
    expect(loadConfig(SubscriberConfig, { [name]: value })[name as keyof SubscriberConfig]).toBe(
      value,
    );
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/healthcare'],
    ['DATABASE_URL', 'postgres://'],
    ['MQTT_URL', 'localhost:1883'],
    ['MQTT_CLIENT_ID', 'has space'],
    ['MQTT_CLIENT_ID', 'x'.repeat(65)],
    ['MQTT_SHARED_GROUP', 'a/b'],
    ['MQTT_SHARED_GROUP', 'all#'],
    ['MQTT_TOPIC_PREFIX', 'ward/+'],
    ['MQTT_SESSION_EXPIRY_S', '-1'],
    ['MQTT_SESSION_EXPIRY_S', '4294967296'],
    ['BATCH_SIZE', '0'],
    ['BATCH_SIZE', '10001'],
    ['BATCH_SIZE', 'many'],
    ['FLUSH_MS', '-1'],
    ['FLUSH_MS', '60001'],
    ['SUBSCRIBER_HTTP_PORT', '65536'],
    ['SHUTDOWN_TIMEOUT_MS', '120001'],
    ['MQTT_KEEPALIVE_S', '0'],
    ['SCORING', 'maybe'],
    ['SCORING_MAX_DEVICES', '0'],
    ['SCORING_INTERVAL_MS', '-1'],
    ['SCORING_INTERVAL_MS', '1001'],
    ['SCORING_REFRESH_MS', '99'],
    ['SCORING_REFRESH_MS', '60001'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '99'],
    ['VITAL_MAX_AGE_S', '59'],
    ['VITAL_MAX_AGE_S', '1h'],
    ['LOG_FORMAT', 'xml'],
    ['LOG_LEVEL', 'info'],
  ])('rejects %s=%p, naming it', (name, value) => {
    const load = () => loadConfig(SubscriberConfig, { [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name}: `);
    expect(load).toThrow(`(got ${JSON.stringify(value)})`);
  });

  it.each([
    ['BATCH_SIZE', '1', 1],
    ['BATCH_SIZE', '10000', 10_000],
    ['FLUSH_MS', '0', 0],
    ['FLUSH_MS', '60000', 60_000],
    ['MQTT_SESSION_EXPIRY_S', '0', 0],
    ['MQTT_SESSION_EXPIRY_S', '4294967295', 4_294_967_295],
  ])('accepts %s=%p at its bound', (name, value, expected) => {
    expect(loadConfig(SubscriberConfig, { [name]: value })[name as keyof SubscriberConfig]).toBe(
      expected,
    );
  });
});
