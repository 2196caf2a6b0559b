import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import {
  AppSettings,
  IsReadableFileOrEmpty,
  withDatabase,
  withMqtt,
  withTlsServer,
} from '@healthcare/config';
import { MAX_MESSAGE_BYTES } from '@healthcare/contracts';
import { withMetrics } from '@healthcare/config/metrics';

export const DEVICE_AUTH_MODES = ['required', 'off'] as const;
export type DeviceAuthMode = (typeof DEVICE_AUTH_MODES)[number];

/**
 * Every setting of the gateway, read once from the environment at start. With TLS_CERT_FILE and
 * TLS_KEY_FILE (withTlsServer) the HTTP port serves HTTPS and WSS and the gRPC port gRPC over TLS;
 * plain connections to them fail.
 */
export class GatewayConfig extends withTlsServer(withMetrics(withDatabase(withMqtt(AppSettings)))) {
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
   * The CA of device certificates: the gateway asks every client for one and refuses a
   * connection whose certificate this CA did not sign (one without a certificate goes on).
   */
  @IsReadableFileOrEmpty()
  @ValidateBy({
    name: 'needsServerCertificate',
    validator: {
      validate: (file, args) => file === '' || (args?.object as GatewayConfig).TLS_CERT_FILE !== '',
      defaultMessage: () => 'TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE',
    },
  })
  TLS_CLIENT_CA_FILE = '';

  /** Open connections of the HTTP port (REST and WebSocket) at once; past it new ones are closed. */
  @IsInt() @Min(1) @Max(1_000_000) MAX_CONNECTIONS = 20_000;

  /**
   * WebSockets of one client at once: keyed by its remote address (one address may stand for
   * many devices behind a NAT, or a sensor app simulating many); past it an upgrade gets 429.
   */
  @IsInt() @Min(1) @Max(1_000_000) WS_MAX_CONNECTIONS_PER_CLIENT = 1000;

  /**
   * WebSockets of one authenticated device at once (a device holds one; a reconnection may
   * overlap the old socket for a while); past it an upgrade gets 429.
   */
  @IsInt() @Min(1) @Max(1000) WS_MAX_CONNECTIONS_PER_DEVICE = 4;

  /**
   * Web pages allowed to open the WebSocket, as `Origin` values (`https://ward.example`),
   * comma-separated. An upgrade with any other Origin gets 403; devices send none.
   */
  @Matches(/^(\s*https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*)?$/, {
    message: 'WS_ALLOWED_ORIGINS must be a comma-separated list like https://ward.example',
  })
  WS_ALLOWED_ORIGINS = '';

  /** Time for a request's headers to arrive; a client sending them a byte at a time is cut. */
  @IsInt() @Min(1000) @Max(600_000) HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Time for a whole request (headers and body) to arrive. */
  @IsInt() @Min(1000) @Max(600_000) HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** An HTTP connection that sends nothing this long (between or inside requests) is closed. */
  @IsInt() @Min(1000) @Max(3_600_000) HTTP_IDLE_TIMEOUT_MS = 60_000;

  /** A WebSocket that carries nothing either way this long is closed. */
  @IsInt() @Min(1000) @Max(86_400_000) WS_IDLE_TIMEOUT_MS = 300_000;

  /** The largest gRPC message the gateway reads; a reading is a few dozen bytes. */
  @IsInt() @Min(1024) @Max(4 * 1024 * 1024) GRPC_MAX_MESSAGE_BYTES = 16 * 1024;

  /** Calls at once on one gRPC connection. */
  @IsInt() @Min(1) @Max(100_000) GRPC_MAX_CONCURRENT_STREAMS = 100;

  /** Open connections of the gRPC port at once; past it new ones are closed. */
  @IsInt() @Min(1) @Max(1_000_000) GRPC_MAX_CONNECTIONS = 20_000;

  /**
   * A gRPC connection without a call this long is closed (GOAWAY); a client's channel connects
   * again by itself on its next call.
   */
  @IsInt() @Min(1000) @Max(86_400_000) GRPC_IDLE_TIMEOUT_MS = 300_000;

  /** Allowed Origins as a list. */
  get allowedOrigins(): string[] {
    return this.WS_ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
  }

  /**
   * `required`: every reading needs a registered device's token (the registry is read from
   * DATABASE_URL); `off`: anyone may send for any sensor_id, as the seed did.
   */
  @IsIn(DEVICE_AUTH_MODES, { message: 'DEVICE_AUTH must be required or off' })
  DEVICE_AUTH: DeviceAuthMode = 'required';

  /**
   * How often the registry's listening connection is checked; a lost one is replaced and the
   * registry read again (changes come as notifications while it lives).
   */
  @IsInt() @Min(200) @Max(60_000) DEVICE_REGISTRY_REFRESH_MS = 2000;
}
