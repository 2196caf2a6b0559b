import { IsInt, IsNotEmpty, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { readFileSync } from 'node:fs';
import { AppSettings, IsReadableFileOrEmpty, readPem, type ClientTls } from '@healthcare/config';
import { SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { TOKEN_PATTERN } from '@healthcare/credentials';

/**
 * Settings every sensor app shares; each app extends it with its gateway port and the seed's
 * defaults for its id and interval.
 */
export abstract class SensorConfig extends AppSettings {
  @IsString() @IsNotEmpty() GATEWAY_HOST = 'localhost';

  /** Time between two readings of one device. */
  @IsInt() @Min(1) @Max(86_400_000) INTERVAL_MS = 10_000;

  /** Id of the first device; with DEVICES > 1 the others are numbered from it. */
  @Matches(SENSOR_ID_PATTERN, { message: 'SENSOR_ID must be 1-50 letters, digits, _ or -' })
  SENSOR_ID = 'Sensor_001';

  /** Devices simulated at once, all over one client. */
  @IsInt() @Min(1) @Max(100_000) @OneDeviceWithToken() DEVICES = 1;

  /**
   * The device's token (`pnpm devices add`), sent as `Authorization: Bearer` with every reading.
   * No rule of its own: its value must never be echoed in a configuration error.
   */
  DEVICE_TOKEN = '';

  /**
   * A file holding the token instead (a container's mounted secret); read at start and again
   * before each reading once it changed, so a rotation written there is taken up.
   */
  @IsString() DEVICE_TOKEN_FILE = '';

  /** On SIGTERM/SIGINT, how long readings in flight may take before they are abandoned. */
  @IsInt() @Min(0) @Max(60_000) SHUTDOWN_GRACE_MS = 3000;

  /** When set, rewritten after each accepted reading; the compose healthcheck checks its age. */
  @IsString() HEARTBEAT_FILE = '';

  /** The CA of the gateway's certificate: when set, the sensor speaks TLS (https, wss, gRPC). */
  @IsReadableFileOrEmpty() TLS_CA_FILE = '';

  /** The device's own certificate and key, for a gateway that takes client certificates. */
  @IsReadableFileOrEmpty()
  @ValidateBy({
    name: 'needsKeyAndCa',
    validator: {
      validate: (file, args) => {
        const config = args?.object as SensorConfig;
        return file === '' || (config.TLS_KEY_FILE !== '' && config.TLS_CA_FILE !== '');
      },
      defaultMessage: () => 'TLS_CERT_FILE needs TLS_KEY_FILE and TLS_CA_FILE',
    },
  })
  TLS_CERT_FILE = '';

  @IsReadableFileOrEmpty() TLS_KEY_FILE = '';
}

/** TLS towards the gateway, or undefined for plain connections (TLS_CA_FILE unset). */
export function gatewayTls(config: SensorConfig): ClientTls | undefined {
  if (config.TLS_CA_FILE === '') return undefined;
  return {
    ca: readPem(config.TLS_CA_FILE),
    cert: readPem(config.TLS_CERT_FILE),
    key: readPem(config.TLS_KEY_FILE),
  };
}

/** The gateway's address for REST (`http`) or WebSocket (`ws`): https:// and wss:// with TLS. */
export function gatewayUrl(config: SensorConfig, scheme: 'http' | 'ws', port: number): string {
  const secure = config.TLS_CA_FILE !== '' ? 's' : '';
  return `${scheme}${secure}://${config.GATEWAY_HOST}:${port}`;
}

/** A token is one device's: DEVICES must be 1 when a token is given. */
function OneDeviceWithToken(): PropertyDecorator {
  return ValidateBy({
    name: 'oneDeviceWithToken',
    validator: {
      validate: (value, args) => {
        const config = args?.object as SensorConfig;
        return value === 1 || (config.DEVICE_TOKEN === '' && config.DEVICE_TOKEN_FILE === '');
      },
      defaultMessage: () =>
        "DEVICES must be 1 with DEVICE_TOKEN or DEVICE_TOKEN_FILE (a token is one device's)",
    },
  });
}

/**
 * The token the sensor sends: DEVICE_TOKEN, else the content of DEVICE_TOKEN_FILE, else none.
 * Throws, without the value, when it is not token-shaped or the file cannot be read.
 */
export function readDeviceToken(config: SensorConfig): string | undefined {
  const token =
    config.DEVICE_TOKEN === '' && config.DEVICE_TOKEN_FILE !== ''
      ? readTokenFile(config.DEVICE_TOKEN_FILE)
      : checkToken(config.DEVICE_TOKEN, 'DEVICE_TOKEN');
  return token === '' ? undefined : token;
}

/**
 * Follows DEVICE_TOKEN_FILE: a rotation (`pnpm devices rotate --out`, compose's `devices`
 * service on every `up`) writes the new token there and ends the old one after its grace, so a
 * sensor that kept its first token would be refused from then on. Returns, before each reading,
 * whether the file holds another token than the last one read (then put in DEVICE_TOKEN); a file
 * that is missing or half written keeps the token in use.
 */
export function followDeviceTokenFile(config: SensorConfig): (() => boolean) | undefined {
  const file = config.DEVICE_TOKEN_FILE;
  if (file === '') return undefined;
  const read = () => {
    try {
      return readTokenFile(file);
    } catch {
      return undefined;
    }
  };
  let last = read();
  return () => {
    const token = read();
    if (token === undefined || token === '' || token === last) return false;
    last = token;
    config.DEVICE_TOKEN = token;
    return true;
  };
}

function readTokenFile(file: string): string {
  const from = `DEVICE_TOKEN_FILE (${file})`;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`${from} cannot be read: ${(err as Error).message}`);
  }
  return checkToken(token, from);
}

/** Throws, without the value, when it is not token-shaped. */
function checkToken(token: string, from: string): string {
  if (token !== '' && !TOKEN_PATTERN.test(token)) {
    throw new Error(`${from} does not hold a device token (hiot_..., from pnpm devices add)`);
  }
  return token;
}
