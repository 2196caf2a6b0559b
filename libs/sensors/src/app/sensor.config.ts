import { IsInt, IsNotEmpty, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { AppSettings, IsReadableFileOrEmpty, readPem, type ClientTls } from '@healthcare/config';
import { SENSOR_ID_PATTERN } from '@healthcare/contracts';

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
  @IsInt() @Min(1) @Max(100_000) DEVICES = 1;

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
