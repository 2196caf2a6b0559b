import type { LogLevel } from '@nestjs/common';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import type { ServerOptions as HttpsOptions } from 'node:https';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat } from './logger.js';
import { IsReadableFileOrEmpty, readPem } from './tls.js';

/**
 * The settings every app takes. An app's config class extends it, adds the shared pieces it
 * needs (`withMqtt`, `withDatabase`) and then only its own settings:
 * `class GatewayConfig extends withMqtt(AppSettings) { ... }`.
 */
export class AppSettings {
  @IsIn(LOG_FORMATS) LOG_FORMAT: LogFormat = 'text';
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'log';
}

// a mixin's base must be typed with `any[]` constructor arguments (TypeScript's rule, TS2545)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SettingsClass = new (...args: any[]) => AppSettings;

export interface MqttSettings {
  MQTT_URL: string;
  MQTT_USERNAME: string;
  MQTT_PASSWORD: string;
  MQTT_CA_FILE: string;
}

/** The MQTT broker's address and, when it asks for a login, the credentials. */
export function withMqtt<B extends SettingsClass>(Base: B) {
  class WithMqtt extends Base implements MqttSettings {
    @Matches(/^(mqtts?|wss?|tcp):\/\/[^\s/]+(:\d+)?\/?$/, {
      message: 'MQTT_URL must look like mqtt://host:1883',
    })
    MQTT_URL = 'mqtt://localhost:1883';

    // MQTT 3.1.1 sends no password without a username; checked here rather than at each connect
    @ValidateIf((settings: WithMqtt) => settings.MQTT_PASSWORD !== '')
    @IsNotEmpty({ message: 'MQTT_USERNAME must be set when MQTT_PASSWORD is' })
    MQTT_USERNAME = '';

    // no rule of its own: its value must never be echoed in a configuration error
    MQTT_PASSWORD = '';

    /** The CA that signed the broker's certificate, trusted instead of the system's. */
    @IsReadableFileOrEmpty()
    @ValidateBy({
      name: 'needsTlsUrl',
      validator: {
        validate: (file, args) =>
          file === '' || /^(mqtts|wss):/.test((args?.object as WithMqtt).MQTT_URL),
        defaultMessage: () => 'MQTT_CA_FILE needs a TLS MQTT_URL (mqtts://host:8883 or wss://)',
      },
    })
    MQTT_CA_FILE = '';
  }
  return WithMqtt;
}

/** A broker or database URL fit for a log line: a password in it is masked. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** The login an MQTT client sends: none unless MQTT_USERNAME is set. */
export function mqttLogin(settings: MqttSettings): { username?: string; password?: string } {
  if (settings.MQTT_USERNAME === '') return {};
  const { MQTT_USERNAME: username, MQTT_PASSWORD: password } = settings;
  return password === '' ? { username } : { username, password };
}

/**
 * TLS options of an MQTT client: the broker's certificate is verified (mqtt.js keeps Node's
 * rejectUnauthorized) against MQTT_CA_FILE when set, else against the system's CAs.
 */
export function mqttTls(settings: MqttSettings): { ca?: Buffer } {
  const ca = readPem(settings.MQTT_CA_FILE);
  return ca ? { ca } : {};
}

export interface DatabaseSettings {
  DATABASE_URL: string;
}

/** The PostgreSQL server and database. */
export function withDatabase<B extends SettingsClass>(Base: B) {
  class WithDatabase extends Base implements DatabaseSettings {
    @Matches(/^postgres(ql)?:\/\/\S+$/, {
      message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
    })
    DATABASE_URL = 'postgres://postgres:postgres@localhost:5432/healthcare';
  }
  return WithDatabase;
}

export interface EarlyWarningSettings {
  VITAL_MAX_AGE_S: number;
}

/**
 * How old a patient's newest value of a vital may be and still count in their NEWS2 score: the
 * subscriber's alerts, the API's vitals and the page's tiles all read this one setting.
 */
export function withEarlyWarning<B extends SettingsClass>(Base: B) {
  class WithEarlyWarning extends Base implements EarlyWarningSettings {
    @IsInt() @Min(60) @Max(7 * 24 * 3600) VITAL_MAX_AGE_S = 3600;
  }
  return WithEarlyWarning;
}

export interface DatabaseRoleSettings {
  DATABASE_WRITER_PASSWORD: string;
  DATABASE_READER_PASSWORD: string;
  DATABASE_REGISTRY_PASSWORD: string;
}

// printable ASCII without spaces: the same bytes for every client (no Unicode normalisation)
const ROLE_PASSWORD = /^([\x21-\x7e]{16,256})?$/;
const ROLE_PASSWORD_RULE = 'must be empty or 16-256 printable ASCII characters without spaces';

/**
 * The passwords of the database's roles (libs/database ROLE_GRANTS), for the migrate step, which
 * runs as the owner and creates or updates each role that has one.
 */
export function withDatabaseRoles<B extends SettingsClass>(Base: B) {
  class WithDatabaseRoles extends Base implements DatabaseRoleSettings {
    @Matches(ROLE_PASSWORD, { message: `DATABASE_WRITER_PASSWORD ${ROLE_PASSWORD_RULE}` })
    DATABASE_WRITER_PASSWORD = '';
    @Matches(ROLE_PASSWORD, { message: `DATABASE_READER_PASSWORD ${ROLE_PASSWORD_RULE}` })
    DATABASE_READER_PASSWORD = '';
    @Matches(ROLE_PASSWORD, { message: `DATABASE_REGISTRY_PASSWORD ${ROLE_PASSWORD_RULE}` })
    DATABASE_REGISTRY_PASSWORD = '';
  }
  return WithDatabaseRoles;
}

export interface TlsServerSettings {
  TLS_CERT_FILE: string;
  TLS_KEY_FILE: string;
}

/** A setting that is empty exactly when `other` is. */
function SetTogetherWith(other: keyof TlsServerSettings): PropertyDecorator {
  return ValidateBy({
    name: 'setTogetherWith',
    validator: {
      validate: (value, args) =>
        (value === '') === ((args?.object as TlsServerSettings)[other] === ''),
      defaultMessage: (args) => `${args?.property} and ${other} must be set together`,
    },
  });
}

/**
 * The certificate and key of an app's HTTP port: with them it serves HTTPS (and WSS) only, and a
 * plain connection to that port fails.
 */
export function withTlsServer<B extends SettingsClass>(Base: B) {
  class WithTlsServer extends Base implements TlsServerSettings {
    @IsReadableFileOrEmpty()
    @SetTogetherWith('TLS_KEY_FILE')
    TLS_CERT_FILE = '';

    @IsReadableFileOrEmpty()
    @SetTogetherWith('TLS_CERT_FILE')
    TLS_KEY_FILE = '';
  }
  return WithTlsServer;
}

export function tlsEnabled(settings: TlsServerSettings): boolean {
  return settings.TLS_CERT_FILE !== '';
}

/** `https` when the app serves TLS, else `http`: for the URLs an app prints. */
export function httpScheme(settings: TlsServerSettings): 'https' | 'http' {
  return tlsEnabled(settings) ? 'https' : 'http';
}

/**
 * The HTTPS server's options, or undefined without a certificate. With `clientCaFile` the server
 * asks every client for a certificate without requiring one (devices with tokens have none): a
 * certificate that CA did not sign is cut by refuseUnverifiedClients.
 */
export function httpsOptions(
  settings: TlsServerSettings,
  clientCaFile = '',
): HttpsOptions | undefined {
  if (!tlsEnabled(settings)) return undefined;
  const clientCa = readPem(clientCaFile);
  return {
    cert: readPem(settings.TLS_CERT_FILE),
    key: readPem(settings.TLS_KEY_FILE),
    ...(clientCa && { ca: clientCa, requestCert: true, rejectUnauthorized: false }),
  };
}
