import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import type { LogFormat } from '@healthcare/config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Every setting of the gateway, read once from the environment at start. */
export class GatewayConfig {
  /** REST and WebSocket. */
  @IsInt() @Min(1) @Max(65535) HTTP_PORT = 5000;
  @IsInt() @Min(1) @Max(65535) GRPC_PORT = 7777;
  @IsString() @IsNotEmpty() HOST = '0.0.0.0';

  @Matches(/^(mqtts?|wss?|tcp):\/\/[^\s/]+(:\d+)?\/?$/, {
    message: 'MQTT_URL must look like mqtt://host:1883',
  })
  MQTT_URL = 'mqtt://localhost:1883';

  /** Put in front of every topic, e.g. `ward-3/` gives `ward-3/temperature`. */
  @Matches(/^[^#+\s]*$/, { message: 'MQTT_TOPIC_PREFIX must not contain #, + or spaces' })
  MQTT_TOPIC_PREFIX = '';

  /** The longest a device waits for the broker's PUBACK before it is told to retry. */
  @IsInt() @Min(100) @Max(60_000) PUBLISH_TIMEOUT_MS = 5000;

  /** On SIGTERM, how long in-flight readings may take to reach the broker. */
  @IsInt() @Min(0) @Max(120_000) SHUTDOWN_TIMEOUT_MS = 10_000;

  @IsIn(['json', 'text']) LOG_FORMAT: LogFormat = 'text';
  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'log';
}
