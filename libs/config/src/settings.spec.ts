import { IsInt } from 'class-validator';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config.js';
import {
  AppSettings,
  httpsOptions,
  mqttLogin,
  shownUrl,
  tlsEnabled,
  withDatabase,
  withMqtt,
  withTlsServer,
} from './settings.js';

class BrokerApp extends withMqtt(AppSettings) {
  @IsInt() OWN_SETTING = 1;
}

class StorageApp extends withDatabase(withMqtt(AppSettings)) {}

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('shared settings', () => {
  it('gives an app the shared defaults beside its own', () => {
    expect({ ...loadConfig(StorageApp, {}) }).toEqual({
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'log',
      MQTT_URL: 'mqtt://localhost:1883',
      MQTT_USERNAME: '',
      MQTT_PASSWORD: '',
      MQTT_CA_FILE: '',
      DATABASE_URL: 'postgres://postgres:postgres@localhost:5432/healthcare',
    });
    expect(loadConfig(BrokerApp, { OWN_SETTING: '7' }).OWN_SETTING).toBe(7);
  });

  it.each([
    ['LOG_FORMAT', 'json'],
    ['LOG_LEVEL', 'verbose'],
    ['MQTT_URL', 'mqtt://localhost:1883'],
    ['MQTT_URL', 'mqtt://mosquitto'],
    ['MQTT_URL', 'mqtts://broker.example:8883'],
    ['MQTT_URL', 'ws://broker:9001/'],
    ['MQTT_URL', 'tcp://10.0.0.5:1883'],
    ['DATABASE_URL', 'postgres://db/healthcare'],
    ['DATABASE_URL', 'postgresql://u:p@db:5433/x?sslmode=require'],
  ])('accepts %s=%p', (name, value) => {
    expect(loadConfig(StorageApp, { [name]: value })[name as keyof StorageApp]).toBe(value);
  });

  it.each([
    ['LOG_FORMAT', 'xml'],
    ['LOG_LEVEL', 'info'],
    ['MQTT_URL', 'localhost:1883'],
    ['MQTT_URL', 'http://broker:1883'],
    ['MQTT_URL', 'mqtt://'],
    ['DATABASE_URL', 'mysql://db/healthcare'],
    ['DATABASE_URL', 'postgres://'],
  ])('rejects %s=%p, naming it', (name, value) => {
    const message = problemsOf(() => loadConfig(StorageApp, { [name]: value }));
    expect(message).toContain(`${name}: `);
    expect(message).toContain(`(got ${JSON.stringify(value)})`);
  });

  it('logs in to the broker only when MQTT_USERNAME is set', () => {
    const login = (env: Record<string, string>) => mqttLogin(loadConfig(BrokerApp, env));
    expect(login({})).toEqual({});
    expect(login({ MQTT_USERNAME: 'gateway' })).toEqual({ username: 'gateway' });
    expect(login({ MQTT_USERNAME: 'gateway', MQTT_PASSWORD: 's3cret' })).toEqual({
      username: 'gateway',
      password: 's3cret',
    });
  });

  it('refuses a password without a username, naming the username and not echoing the password', () => {
    const message = problemsOf(() => loadConfig(BrokerApp, { MQTT_PASSWORD: 's3cret' }));
    expect(message).toContain('MQTT_USERNAME: MQTT_USERNAME must be set when MQTT_PASSWORD is');
    expect(message).not.toContain('s3cret');
  });
});

describe('shownUrl', () => {
  it.each([
    [
      'mqtt://healthcare-subscriber:secret-password@broker:1883',
      'mqtt://healthcare-subscriber:***@broker:1883',
    ],
    ['postgres://writer:p%40ss@db:5432/healthcare', 'postgres://writer:***@db:5432/healthcare'],
    ['mqtts://broker.example:8883', 'mqtts://broker.example:8883'],
    ['not a url user:pw@host', 'not a url user:pw@host'],
    ['x://u:pw@[bad', 'x://u:***@[bad'],
  ])('shows %s as %s', (url, shown) => {
    expect(shownUrl(url)).toBe(shown);
  });
});

describe('an HTTP port over TLS (withTlsServer)', () => {
  class TlsApp extends withTlsServer(AppSettings) {}
  // any small file the process can read stands for a certificate here
  const file = join(mkdtempSync(join(tmpdir(), 'tls-server-')), 'server.pem');
  writeFileSync(file, 'not a real certificate');

  it('serves plain HTTP without a certificate', () => {
    const settings = loadConfig(TlsApp, {});
    expect(tlsEnabled(settings)).toBe(false);
    expect(httpsOptions(settings)).toBeUndefined();
  });

  it.each([
    [{ TLS_CERT_FILE: file }, 'TLS_KEY_FILE and TLS_CERT_FILE must be set together'],
    [{ TLS_KEY_FILE: file }, 'TLS_CERT_FILE and TLS_KEY_FILE must be set together'],
    [
      { TLS_CERT_FILE: '/nonexistent/server.crt', TLS_KEY_FILE: file },
      'TLS_CERT_FILE must name a readable file',
    ],
  ])('refuses %p', (env, message) => {
    expect(problemsOf(() => loadConfig(TlsApp, env))).toContain(message);
  });

  it('serves HTTPS with a certificate and its key; asks for client certificates only with their CA', () => {
    const settings = loadConfig(TlsApp, { TLS_CERT_FILE: file, TLS_KEY_FILE: file });
    const content = readFileSync(file);
    expect(httpsOptions(settings)).toEqual({ cert: content, key: content });
    expect(httpsOptions(settings, file)).toEqual({
      cert: content,
      key: content,
      ca: content,
      requestCert: true,
      rejectUnauthorized: false,
    });
  });
});
