import { randomBytes } from 'node:crypto';
import type { BrokerAccessSettings } from './broker-access.js';

/** A password of 192 random bits (base64url), for logins a program makes for itself. */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The broker's logins with the default names and fresh random passwords (`pnpm start`, tests). */
export function generatedBrokerSettings(
  overrides: Partial<BrokerAccessSettings> = {},
): BrokerAccessSettings {
  return {
    MQTT_TOPIC_PREFIX: '',
    MQTT_GATEWAY_USERNAME: 'healthcare-gateway',
    MQTT_GATEWAY_PASSWORD: randomPassword(),
    MQTT_SUBSCRIBER_USERNAME: 'healthcare-subscriber',
    MQTT_SUBSCRIBER_PASSWORD: randomPassword(),
    MQTT_SUBSCRIBER_REPLICAS: 1,
    MQTT_MONITOR_USERNAME: 'healthcare-monitor',
    MQTT_MONITOR_PASSWORD: randomPassword(),
    MQTT_DEVICE_USERS: '',
    ...overrides,
  };
}

/** What an app needs to log in as one of these users. */
export function mqttLoginEnv(
  username: string,
  password: string,
): { MQTT_USERNAME: string; MQTT_PASSWORD: string } {
  return { MQTT_USERNAME: username, MQTT_PASSWORD: password };
}
