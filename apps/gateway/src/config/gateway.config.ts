import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { AppSettings, withDatabase, withMqtt } from '@healthcare/config';
import { MAX_MESSAGE_BYTES } from '@healthcare/contracts';
import { withMetrics } from '@healthcare/config/metrics';

export const DEVICE_AUTH_MODES = ['required', 'off'] as const;
export type DeviceAuthMode = (typeof DEVICE_AUTH_MODES)[number];

/** Every setting of the gateway, read once from the environment at start. */
export class GatewayConfig extends withMetrics(withDatabase(withMqtt(AppSettings))) {
  /** REST and WebSocket. */
  @IsInt() @Min(1) @Max(65535) HTTP_PORT = 5000;
  @IsInt() @Min(1) @Max(65535) GRPC_PORT = 7777;
  @IsString() @IsNotEmpty() HOST = '0.0.0.0';

  /** Put in front of every topic, e.g. `ward-3/` gives `ward-3/temperature`. */
  @Matches(/^[^#+\s]*$/, { message: 'MQTT_TOPIC_PREFIX must not contain #, + or spaces' })
  MQTT_TOPIC_PREFIX = '';

  /**
   * The largest message the broker takes (Mosquitto's message_size_limit): a reading bigger than
   * this as published is refused, never sent. The project's broker takes MAX_MESSAGE_BYTES, which
   * is also the most the subscriber stores.
   */
  @IsInt() @Min(1) @Max(MAX_MESSAGE_BYTES) MQTT_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES;

  /** The longest a device waits for the broker's PUBACK before it is told to retry. */
  @IsInt() @Min(100) @Max(60_000) PUBLISH_TIMEOUT_MS = 5000;

  /** On SIGTERM, how long in-flight readings may take to reach the broker. */
  @IsInt() @Min(0) @Max(120_000) SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Readings handed to the MQTT client and not yet acknowledged by the broker, timed out or not;
   * past it a reading is refused at once. MQTT packet ids are 16-bit: far below 65,535, so that
   * mqtt.js never reuses the id of a publish still waiting.
   */
  @IsInt() @Min(1) @Max(60_000) MAX_PENDING_PUBLISHES = 10_000;

  /** Readings of one WebSocket waiting for the broker at once; past it a reading is refused. */
  @IsInt() @Min(1) @Max(60_000) WS_MAX_IN_FLIGHT = 1000;

  /** Answers a WebSocket client has not read; past it the gateway closes the connection. */
  @IsInt() @Min(64 * 1024) @Max(256 * 1024 * 1024) WS_MAX_UNREAD_BYTES = 1024 * 1024;

  /**
   * `required`: every reading needs a registered device's token (the registry is read from
   * DATABASE_URL); `off`: anyone may send for any sensor_id, as the seed did.
   */
  @IsIn(DEVICE_AUTH_MODES, { message: 'DEVICE_AUTH must be required or off' })
  DEVICE_AUTH: DeviceAuthMode = 'required';

  /** How often the registry is read again besides its change notifications. */
  @IsInt() @Min(200) @Max(60_000) DEVICE_REGISTRY_REFRESH_MS = 2000;
}
