import { ConfigError, loadConfig } from '@healthcare/config';
import { HeartRateSensorConfig } from './heartrate-sensor.config.js';

describe('HeartRateSensorConfig', () => {
  it("defaults to the seed's sensor: Heart_001 every 7000 ms against localhost:5000", () => {
    expect({ ...loadConfig(HeartRateSensorConfig, {}) }).toEqual({
      GATEWAY_HOST: 'localhost',
      GATEWAY_HTTP_PORT: 5000,
      INTERVAL_MS: 7000,
      SENSOR_ID: 'Heart_001',
      DEVICES: 1,
      SHUTDOWN_GRACE_MS: 3000,
      HEARTBEAT_FILE: '',
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
    });
  });

  it('reads the gateway address, interval, id and device count from the environment', () => {
    const config = loadConfig(HeartRateSensorConfig, {
      GATEWAY_HOST: 'gateway',
      GATEWAY_HTTP_PORT: '9000',
      INTERVAL_MS: '250',
      SENSOR_ID: 'Ward3_010',
      DEVICES: '20',
    });
    expect(config).toMatchObject({
      GATEWAY_HOST: 'gateway',
      GATEWAY_HTTP_PORT: 9000,
      INTERVAL_MS: 250,
      SENSOR_ID: 'Ward3_010',
      DEVICES: 20,
    });
  });

  it('names every bad variable and what it was given', () => {
    const env = { GATEWAY_HTTP_PORT: '0', DEVICES: 'many', SENSOR_ID: 'bad id', INTERVAL_MS: '0' };
    expect(() => loadConfig(HeartRateSensorConfig, env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(HeartRateSensorConfig, env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toMatch(/GATEWAY_HTTP_PORT: .* \(got "0"\)/);
    expect(message).toMatch(/DEVICES: .* \(got "many"\)/);
    expect(message).toMatch(
      /SENSOR_ID: SENSOR_ID must be 1-50 letters, digits, _ or - \(got "bad id"\)/,
    );
    expect(message).toMatch(/INTERVAL_MS: .* \(got "0"\)/);
  });
});
