import { ConfigError, loadConfig } from '../load-config.js';
import {
  authenticate,
  brokerUsers,
  mayPublish,
  maySubscribe,
  mosquittoAclFile,
  mosquittoPasswordHash,
  parseDeviceUsers,
  subscriberUsernames,
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

  // each login's topics under the prefix, and nothing else; a device's bound to its sensor_id
  it.each([
    ['gateway', 'publish', 'ward-3/temperature', true],
    ['gateway', 'publish', 'temperature', false],
    ['gateway', 'subscribe', 'ward-3/temperature', false],
    ['gateway', 'publish', 'ward-3/temperature/Temp_042', false],
    ['subscriber', 'subscribe', 'ward-3/heartRate', true],
    ['subscriber', 'subscribe', '$share/replicas/ward-3/heartRate', true],
    ['subscriber', 'subscribe', 'ward-3/temperature/+', true],
    ['subscriber', 'subscribe', '$share/replicas/ward-3/pressure/+', true],
    ['subscriber', 'subscribe', 'ward-3/#', false],
    ['subscriber', 'subscribe', '#', false],
    ['subscriber', 'publish', 'ward-3/heartRate', false],
    ['subscriber', 'publish', 'ward-3/temperature/Temp_042', false],
    ['monitor', 'subscribe', '$SYS/broker/version', true],
    // alert changes and acknowledgements; of $SYS, the fixed statistics only
    ['subscriber', 'publish', 'ward-3/alerts', true],
    ['subscriber', 'publish', 'alerts', false],
    ['subscriber', 'subscribe', '$SYS/broker/clients/connected', true],
    ['subscriber', 'subscribe', '$SYS/broker/uptime', true],
    ['subscriber', 'subscribe', '$SYS/#', false],
    ['subscriber', 'subscribe', '$SYS/broker/log/N', false],
    ['gateway', 'publish', 'ward-3/alerts', false],
    ['monitor', 'subscribe', 'ward-3/alerts', true],
    ['monitor', 'publish', 'ward-3/alerts', false],
    ['device', 'publish', 'ward-3/temperature/Temp_042', true],
    ['device', 'publish', 'ward-3/temperature/Temp_043', false],
    ['device', 'publish', 'ward-3/temperature/+', false],
    // the kind's own topic is the gateway's, whose readings were checked against their device
    ['device', 'publish', 'ward-3/temperature', false],
    ['device', 'publish', 'ward-3/pressure/Temp_042', false],
    ['device', 'subscribe', 'ward-3/temperature/Temp_042', false],
  ] as const)('lets the %s login %s %s: %p', (role, action, topic, allowed) => {
    const may = action === 'publish' ? mayPublish : maySubscribe;
    expect(may(user(role), topic)).toBe(allowed);
  });

  it('gives each subscriber replica a login of its own, with the same rights', () => {
    expect(subscriberUsernames({ ...settings, MQTT_SUBSCRIBER_REPLICAS: 1 })).toEqual([
      'healthcare-subscriber',
    ]);
    const replicas = brokerUsers({ ...settings, MQTT_SUBSCRIBER_REPLICAS: 3 }).filter(
      (u) => u.role === 'subscriber',
    );
    expect(replicas.map((u) => u.username)).toEqual([
      'healthcare-subscriber-1',
      'healthcare-subscriber-2',
      'healthcare-subscriber-3',
    ]);
    for (const replica of replicas) {
      expect(replica.subscribe).toEqual(user('subscriber').subscribe);
      expect(replica.publish).toEqual(user('subscriber').publish);
    }
    expect(() =>
      brokerUsers({
        ...settings,
        MQTT_SUBSCRIBER_USERNAME: 's'.repeat(63),
        MQTT_SUBSCRIBER_REPLICAS: 2,
      }),
    ).toThrow(/usernames must be 1-64 .*: s{63}-1, s{63}-2/);
    const load = (replicas: string) => () =>
      loadConfig(BrokerAccessConfig, {
        MQTT_GATEWAY_PASSWORD: 'gateway-password-0123',
        MQTT_SUBSCRIBER_PASSWORD: 'subscriber-password-0123',
        MQTT_SUBSCRIBER_REPLICAS: replicas,
      });
    expect(load('2')().MQTT_SUBSCRIBER_REPLICAS).toBe(2);
    expect(load('0')).toThrow(/MQTT_SUBSCRIBER_REPLICAS/);
    expect(load('two')).toThrow(/MQTT_SUBSCRIBER_REPLICAS/);
  });

  it("writes Mosquitto's ACL as one block per login", () => {
    expect(mosquittoAclFile(users)).toContain(
      `user ${settings.MQTT_GATEWAY_USERNAME}\ntopic write ward-3/temperature\n` +
        'topic write ward-3/pressure\ntopic write ward-3/heartRate\n',
    );
    expect(mosquittoAclFile(users)).toContain(
      'user Temp_042\ntopic write ward-3/temperature/Temp_042\n',
    );
    expect(mosquittoAclFile(users)).toContain(
      `user ${settings.MQTT_SUBSCRIBER_USERNAME}\ntopic write ward-3/alerts\n` +
        'topic read ward-3/temperature\n' +
        'topic read ward-3/pressure\ntopic read ward-3/heartRate\n' +
        'topic read ward-3/temperature/+\ntopic read ward-3/pressure/+\ntopic read ward-3/heartRate/+\n',
    );
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
      /entry 1 must be <sensor_id>:/,
    );
    // the login is a sensor_id, so the contract's rule: at most 50 characters
    expect(() =>
      parseDeviceUsers(`${'T'.repeat(51)}:temperature:device-password-0123456789`),
    ).toThrow(/entry 1 must be/);
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
