import { ConfigError, loadConfig } from '@healthcare/config';
import { PressureSensorConfig } from './pressure-sensor.config.js';

describe('PressureSensorConfig', () => {
  it("defaults to the seed's sensor: Press_001 every 10000 ms against localhost:7777", () => {
    expect({ ...loadConfig(PressureSensorConfig, {}) }).toEqual({
      GATEWAY_HOST: 'localhost',
      GATEWAY_GRPC_PORT: 7777,
      INTERVAL_MS: 10000,
      SENSOR_ID: 'Press_001',
      DEVICES: 1,
      SHUTDOWN_GRACE_MS: 3000,
      HEARTBEAT_FILE: '',
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
    });
  });

  it('reads the gateway address, interval, id and device count from the environment', () => {
    const config = loadConfig(PressureSensorConfig, {
      GATEWAY_HOST: 'gateway',
      GATEWAY_GRPC_PORT: '9000',
      INTERVAL_MS: '250',
      SENSOR_ID: 'Ward3_010',
      DEVICES: '20',
    });
    expect(config).toMatchObject({
      GATEWAY_HOST: 'gateway',
      GATEWAY_GRPC_PORT: 9000,
      INTERVAL_MS: 250,
      SENSOR_ID: 'Ward3_010',
      DEVICES: 20,
    });
  });

  it('names every bad variable and what it was given', () => {
    const env = { GATEWAY_GRPC_PORT: '0', DEVICES: 'many', SENSOR_ID: 'bad id', INTERVAL_MS: '0' };
    expect(() => loadConfig(PressureSensorConfig, env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(PressureSensorConfig, env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toMatch(/GATEWAY_GRPC_PORT: .* \(got "0"\)/);
    expect(message).toMatch(/DEVICES: .* \(got "many"\)/);
    expect(message).toMatch(
      /SENSOR_ID: SENSOR_ID must be 1-50 letters, digits, _ or - \(got "bad id"\)/,
    );
    expect(message).toMatch(/INTERVAL_MS: .* \(got "0"\)/);
  });
});
