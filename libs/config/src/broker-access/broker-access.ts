import { alertsTopic, READING_KINDS, readingTopic, type ReadingKind } from '@healthcare/contracts';
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type BrokerRole = 'gateway' | 'subscriber' | 'monitor' | 'device';

/** One login of the broker and the topics it may use; nothing else is allowed. */
export interface BrokerUser {
  role: BrokerRole;
  username: string;
  password: string;
  /** Topics it may publish to (exact names). */
  publish: string[];
  /** Topic filters it may subscribe to (and receive from). */
  subscribe: string[];
}

/** What the broker's logins are made from (BrokerAccessConfig, or `pnpm start`'s own). */
export interface BrokerAccessSettings {
  MQTT_TOPIC_PREFIX: string;
  MQTT_GATEWAY_USERNAME: string;
  MQTT_GATEWAY_PASSWORD: string;
  MQTT_SUBSCRIBER_USERNAME: string;
  MQTT_SUBSCRIBER_PASSWORD: string;
  MQTT_MONITOR_USERNAME: string;
  /** Empty: no monitor login. */
  MQTT_MONITOR_PASSWORD: string;
  /** `<username>:<kind>:<password>` separated by commas, for devices that publish straight to the broker. */
  MQTT_DEVICE_USERS: string;
}

/**
 * The broker's users, made from settings: the one definition of who may do what, written out
 * as Mosquitto's password file and ACL (compose, tests) and enforced by the embedded broker.
 */
export function brokerUsers(settings: BrokerAccessSettings): BrokerUser[] {
  const topics = READING_KINDS.map((kind) => readingTopic(kind, settings.MQTT_TOPIC_PREFIX));
  const alerts = alertsTopic(settings.MQTT_TOPIC_PREFIX);
  const users: BrokerUser[] = [
    {
      role: 'gateway',
      username: settings.MQTT_GATEWAY_USERNAME,
      password: settings.MQTT_GATEWAY_PASSWORD,
      publish: topics,
      subscribe: [],
    },
    {
      role: 'subscriber',
      username: settings.MQTT_SUBSCRIBER_USERNAME,
      password: settings.MQTT_SUBSCRIBER_PASSWORD,
      // the early-warning alerts it raises from what it stored
      publish: [alerts],
      subscribe: topics,
    },
  ];
  if (settings.MQTT_MONITOR_PASSWORD !== '') {
    users.push({
      role: 'monitor',
      username: settings.MQTT_MONITOR_USERNAME,
      password: settings.MQTT_MONITOR_PASSWORD,
      publish: [],
      // the broker's own state (compose's healthcheck), the readings and the alerts, read-only
      subscribe: ['$SYS/#', ...topics, alerts],
    });
  }
  for (const device of parseDeviceUsers(settings.MQTT_DEVICE_USERS)) {
    users.push({
      role: 'device',
      username: device.username,
      password: device.password,
      publish: [readingTopic(device.kind, settings.MQTT_TOPIC_PREFIX)],
      subscribe: [],
    });
  }
  const names = users.map((u) => u.username);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`broker users named twice: ${twice.join(', ')}`);
  return users;
}

export interface DeviceUser {
  username: string;
  kind: ReadingKind;
  password: string;
}

export const BROKER_USERNAME = /^[A-Za-z0-9_-]{1,64}$/;
const DEVICE_USER = /^([A-Za-z0-9_-]{1,64}):([A-Za-z]+):([A-Za-z0-9_.~-]{16,256})$/;

/** MQTT_DEVICE_USERS; a bad entry is an error that names it (never its password). */
export function parseDeviceUsers(list: string): DeviceUser[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, i) => {
      const match = DEVICE_USER.exec(entry);
      const kind = match?.[2];
      if (!match || !READING_KINDS.includes(kind as ReadingKind)) {
        throw new Error(
          `MQTT_DEVICE_USERS entry ${i + 1} must be <username>:<${READING_KINDS.join('|')}>:<password of 16+ letters, digits, _ . ~ ->`,
        );
      }
      return { username: match[1], kind: kind as ReadingKind, password: match[3] };
    });
}

/** Mosquitto's password file (`mosquitto_passwd` format 7: PBKDF2-SHA512, 101 iterations). */
export function mosquittoPasswordFile(users: readonly BrokerUser[]): string {
  return users.map((u) => `${u.username}:${mosquittoPasswordHash(u.password)}\n`).join('');
}

export function mosquittoPasswordHash(password: string, salt = randomBytes(12)): string {
  const hash = pbkdf2Sync(password, salt, 101, 64, 'sha512');
  return `$7$101$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Mosquitto's ACL file: each user's topics, nothing for anyone else (anonymous included). */
export function mosquittoAclFile(users: readonly BrokerUser[]): string {
  const blocks = users.map((u) =>
    [
      `# ${u.role}`,
      `user ${u.username}`,
      ...u.publish.map((topic) => `topic write ${topic}`),
      ...u.subscribe.map((filter) => `topic read ${filter}`),
    ].join('\n'),
  );
  return `# Made from settings at start (libs/config broker-access); edits are overwritten.\n\n${blocks.join('\n\n')}\n`;
}

/** The user whose login this is, or undefined. */
export function authenticate(
  users: readonly BrokerUser[],
  username: string | undefined,
  password: Buffer | string | undefined,
): BrokerUser | undefined {
  const user = users.find((u) => u.username === username);
  if (!user || password === undefined) return undefined;
  const given = Buffer.from(password);
  const expected = Buffer.from(user.password);
  return given.length === expected.length && timingSafeEqual(given, expected) ? user : undefined;
}

export function mayPublish(user: BrokerUser, topic: string): boolean {
  return user.publish.includes(topic);
}

/** A filter the user was given, or a narrower one (`$share/<group>/` taken off first). */
export function maySubscribe(user: BrokerUser, filter: string): boolean {
  const topic = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  return user.subscribe.some(
    (allowed) => allowed === topic || (!/[#+]/.test(topic) && topicMatches(allowed, topic)),
  );
}

function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
