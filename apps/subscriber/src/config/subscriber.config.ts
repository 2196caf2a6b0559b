import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import {
  AppSettings,
  withDatabase,
  withEarlyWarning,
  withMqtt,
  withTlsServer,
} from '@healthcare/config';
import { withMetrics } from '@healthcare/config/metrics';

/**
 * Every setting of the subscriber, read once from the environment at start. With TLS_CERT_FILE
 * and TLS_KEY_FILE (withTlsServer) /health and /metrics are served over HTTPS only.
 */
export class SubscriberConfig extends withTlsServer(
  withEarlyWarning(withMetrics(withDatabase(withMqtt(AppSettings)))),
) {
  /** Names the persistent session: readings published while the subscriber is away wait under it. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'MQTT_CLIENT_ID must be 1-64 characters of letters, digits, _ or -',
  })
  MQTT_CLIENT_ID = 'healthcare-subscriber';

  /** Set it on every replica to subscribe as `$share/<group>/<topic>` and split the load. */
  @Matches(/^[^/#+\s]*$/, { message: 'MQTT_SHARED_GROUP must not contain /, #, + or spaces' })
  MQTT_SHARED_GROUP = '';

  /** As the gateway's: `ward-3/` or `ward-3` gives `ward-3/temperature`. */
  @Matches(/^[^#+\s]*$/, { message: 'MQTT_TOPIC_PREFIX must not contain #, + or spaces' })
  MQTT_TOPIC_PREFIX = '';

  /** How long the broker keeps the session (and queues readings) while the subscriber is away. */
  @IsInt() @Min(0) @Max(4_294_967_295) MQTT_SESSION_EXPIRY_S = 7 * 24 * 3600;

  /** MQTT keepalive: a connection silent for 1.5 times this long is taken for dead. */
  @IsInt() @Min(1) @Max(65_535) MQTT_KEEPALIVE_S = 60;

  /** A batch is written when it holds this many messages... */
  @IsInt() @Min(1) @Max(10_000) BATCH_SIZE = 500;
  /** ...or this long after its first message arrived. */
  @IsInt() @Min(0) @Max(60_000) FLUSH_MS = 5;

  @IsInt() @Min(1) @Max(65535) SUBSCRIBER_HTTP_PORT = 5001;
  @IsString() @IsNotEmpty() HOST = '0.0.0.0';

  /**
   * The longest a statement may run; a connection that gives no answer for a little longer is
   * dropped (it may be half-open) and the batch is written again on a new one.
   */
  @IsInt() @Min(100) @Max(600_000) DATABASE_STATEMENT_TIMEOUT_MS = 10_000;

  /** Score stored readings and raise NEWS2 alerts (off: storage only). */
  @IsBoolean() SCORING = true;

  /**
   * The shortest time from one scoring round's start to the next's: under load, fewer and
   * larger rounds. At most 1 s, so that an alert still goes out within 2 s of its reading.
   */
  @IsInt() @Min(0) @Max(1000) SCORING_INTERVAL_MS = 500;

  /**
   * How long the scorer keeps a patient's newest vitals before it reads them again. With
   * replicas, a value another one stored counts in this one's scores from then on.
   */
  @IsInt() @Min(100) @Max(60_000) SCORING_REFRESH_MS = 5000;

  /** Devices whose readings wait to be scored at most; readings beyond them go unscored. */
  @IsInt() @Min(1) @Max(1_000_000) SCORING_MAX_DEVICES = 100_000;

  /** On SIGTERM, how long the last batch may take to commit before it is left for redelivery. */
  @IsInt() @Min(0) @Max(120_000) SHUTDOWN_TIMEOUT_MS = 10_000;
}
