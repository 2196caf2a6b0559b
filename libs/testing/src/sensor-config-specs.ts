/// <reference types="jest" />
import { ConfigError, loadConfig, type ConfigClass } from '@healthcare/config';
import type { SensorConfig } from '@healthcare/sensors';

type GatewayPortVariable = 'GATEWAY_HTTP_PORT' | 'GATEWAY_GRPC_PORT';

/**
 * Registers the specs every sensor app's config shares: its defaults (all of them, the seed's
 * sensor), the settings read from the environment, and a message naming every bad variable.
 */
export function describeSensorConfig<C extends SensorConfig>(
  type: ConfigClass<C>,
  port: GatewayPortVariable & keyof C,
  defaults: C,
): void {
  describe(type.name, () => {
    const sensor = `${defaults.SENSOR_ID} every ${defaults.INTERVAL_MS} ms`;
    it(`defaults to the seed's sensor: ${sensor} against ${defaults.GATEWAY_HOST}:${String(defaults[port])}`, () => {
      expect({ ...loadConfig(type, {}) }).toEqual(defaults);
    });

    it('reads the gateway address, interval, id and device count from the environment', () => {
      const config = loadConfig(type, {
        GATEWAY_HOST: 'gateway',
        [port]: '9000',
        INTERVAL_MS: '250',
        SENSOR_ID: 'Ward3_010',
        DEVICES: '20',
      });
      expect(config).toMatchObject({
        GATEWAY_HOST: 'gateway',
        [port]: 9000,
        INTERVAL_MS: 250,
        SENSOR_ID: 'Ward3_010',
        DEVICES: 20,
      });
    });

    it('takes a token for one device only, and never shows it in the error', () => {
      const token = 'hiot_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      expect(loadConfig(type, { DEVICE_TOKEN: token })).toMatchObject({ DEVICE_TOKEN: token });
      const load = () => loadConfig(type, { DEVICE_TOKEN: token, DEVICES: '2' });
      expect(load).toThrow(/DEVICES: DEVICES must be 1 with DEVICE_TOKEN/);
      expect(load).not.toThrow(token);
    });

    it('names every bad variable and what it was given', () => {
      const env = { [port]: '0', DEVICES: 'many', SENSOR_ID: 'bad id', INTERVAL_MS: '0' };
      let error: unknown;
      try {
        loadConfig(type, env);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`${port}: .* \\(got "0"\\)`));
      expect(message).toMatch(/DEVICES: .* \(got "many"\)/);
      expect(message).toMatch(
        /SENSOR_ID: SENSOR_ID must be 1-50 letters, digits, _ or - \(got "bad id"\)/,
      );
      expect(message).toMatch(/INTERVAL_MS: .* \(got "0"\)/);
    });
  });
}
