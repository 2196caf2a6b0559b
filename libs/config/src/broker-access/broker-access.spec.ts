import { ConfigError, loadConfig } from '../load-config.js';
import {
  authenticate,
  brokerUsers,
  mayPublish,
  maySubscribe,
  mosquittoAclFile,
  mosquittoPasswordHash,
  parseDeviceUsers,
} from './broker-access.js';
import { BrokerAccessConfig } from './broker-access.config.js';
import { generatedBrokerSettings } from './generated.js';

describe('broker access', () => {
  const settings = generatedBrokerSettings({
    MQTT_TOPIC_PREFIX: 'ward-3',
    MQTT_DEVICE_USERS: 'Temp_042:temperature:device-password-0123456789',
  });
  const users = brokerUsers(settings);
  const user = (role: string) => users.find((u) => u.role === role)!;

  it('gives each login its topics under the prefix, and nothing else', () => {
    expect(mayPublish(user('gateway'), 'ward-3/temperature')).toBe(true);
    expect(mayPublish(user('gateway'), 'temperature')).toBe(false);
    expect(maySubscribe(user('gateway'), 'ward-3/temperature')).toBe(false);
    expect(maySubscribe(user('subscriber'), 'ward-3/heartRate')).toBe(true);
    expect(maySubscribe(user('subscriber'), '$share/replicas/ward-3/heartRate')).toBe(true);
    expect(maySubscribe(user('subscriber'), 'ward-3/#')).toBe(false);
    expect(maySubscribe(user('subscriber'), '#')).toBe(false);
    expect(mayPublish(user('subscriber'), 'ward-3/heartRate')).toBe(false);
    // the subscriber raises the early-warning alerts; the monitor may watch them
    expect(mayPublish(user('subscriber'), 'ward-3/alerts')).toBe(true);
    expect(mayPublish(user('subscriber'), 'alerts')).toBe(false);
    expect(mayPublish(user('gateway'), 'ward-3/alerts')).toBe(false);
    expect(maySubscribe(user('monitor'), 'ward-3/alerts')).toBe(true);
    expect(maySubscribe(user('monitor'), '$SYS/broker/version')).toBe(true);
    expect(mayPublish(user('device'), 'ward-3/temperature')).toBe(true);
    expect(mayPublish(user('device'), 'ward-3/pressure')).toBe(false);
  });

  it("writes Mosquitto's ACL as one block per login", () => {
    expect(mosquittoAclFile(users)).toContain(
      `user ${settings.MQTT_GATEWAY_USERNAME}\ntopic write ward-3/temperature\n` +
        'topic write ward-3/pressure\ntopic write ward-3/heartRate\n',
    );
    expect(mosquittoAclFile(users)).toContain('user Temp_042\ntopic write ward-3/temperature\n');
  });

  it("hashes as mosquitto_passwd does (a hash mosquitto_passwd 2.0.11 wrote for 'secret')", () => {
    expect(mosquittoPasswordHash('secret', Buffer.from('2TNZ7P47CycT3J5R', 'base64'))).toBe(
      '$7$101$2TNZ7P47CycT3J5R$+/rKwZbftlbr6XRrMDS0t9fCVtmvUckDbmKeq0TipmZlWersRUJGtRlQ1sw9xdRJWq4fvknEcpVGfcqhWnfbTg==',
    );
  });

  it('knows a login only by its exact password', () => {
    const gateway = user('gateway');
    expect(authenticate(users, gateway.username, Buffer.from(gateway.password))).toBe(gateway);
    expect(authenticate(users, gateway.username, `${gateway.password}x`)).toBeUndefined();
    expect(authenticate(users, gateway.username, undefined)).toBeUndefined();
    expect(authenticate(users, undefined, undefined)).toBeUndefined();
  });

  it('refuses a bad device entry without showing its password', () => {
    expect(() => parseDeviceUsers('Temp_042:oxygen:device-password-0123456789')).toThrow(
      /entry 1 must be/,
    );
    const load = () =>
      loadConfig(BrokerAccessConfig, {
        MQTT_GATEWAY_PASSWORD: 'short',
        MQTT_SUBSCRIBER_PASSWORD: 'subscriber-password-0123',
        MQTT_DEVICE_USERS: 'Temp_042:temperature:short-secret',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/MQTT_GATEWAY_PASSWORD: .* \(given, not shown\)/);
    expect(load).toThrow(/MQTT_DEVICE_USERS: .* \(given, not shown\)/);
    expect(load).not.toThrow(/short-secret|"short"/);
  });

  it('refuses two logins of one name', () => {
    expect(() =>
      brokerUsers({ ...settings, MQTT_SUBSCRIBER_USERNAME: settings.MQTT_GATEWAY_USERNAME }),
    ).toThrow(/named twice/);
  });
});
