import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { AppSettings } from '@healthcare/config';
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
}
