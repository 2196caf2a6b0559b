import { Logger, type LoggerService } from '@nestjs/common';
import { shownUrl } from '@healthcare/config';
import { patchSocketToCoalesceWrites } from '@healthcare/io';
import mqtt, { type IConnackPacket, type MqttClient } from 'mqtt';

export interface SubscriberConnectionOptions {
  url: string;
  username?: string;
  password?: string;
  /** The CA the broker's certificate is verified against (mqtts:// URLs). */
  ca?: Buffer;
  clientId: string;
  sessionExpirySeconds: number;
  /** How many unacknowledged messages the broker may send (MQTT 5 Receive Maximum). */
  receiveMaximum: number;
  /** The largest packet the broker may send (MQTT 5 Maximum Packet Size); it drops bigger ones. */
  maximumPacketSize: number;
  keepaliveSeconds?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/** CONNACK codes of a broker that does not speak MQTT 5: 1 (3.1.1) and 0x84 (5). */
const UNSUPPORTED_PROTOCOL = new Set([1, 0x84]);

/**
 * The subscriber's MQTT client: a persistent session (`clean: false`, fixed client id) that
 * survives its restarts, MQTT 5 with a Receive Maximum large enough for a batch whose
 * acknowledgements wait for its commit and a Maximum Packet Size that keeps oversized messages
 * away, and reconnection with exponential backoff.
 * A broker that refuses MQTT 5 (aedes, the embedded broker) gets MQTT 3.1.1 on the next attempt.
 */
export function connectSubscriber(
  options: SubscriberConnectionOptions,
  logger: LoggerService = new Logger('MqttConnection'),
): MqttClient {
  const { reconnectMinMs = 250, reconnectMaxMs = 5000, keepaliveSeconds = 60 } = options;
  const client = mqtt.connect(options.url, {
    username: options.username,
    password: options.password,
    ...(options.ca && { ca: options.ca }),
    clientId: options.clientId,
    clean: false,
    protocolVersion: 5,
    properties: {
      sessionExpiryInterval: options.sessionExpirySeconds,
      receiveMaximum: options.receiveMaximum,
      maximumPacketSize: options.maximumPacketSize,
    },
    keepalive: keepaliveSeconds,
    reconnectPeriod: reconnectMinMs,
    // a refused connection (protocol, or a broker still starting) is retried like a lost one
    reconnectOnConnackError: true,
    connectTimeout: 10_000,
    resubscribe: true,
    // mqtt.js logs every packet through `debug` unless given a logger, a cost on every packet
    log: () => undefined,
  });

  const shown = shownUrl(options.url);
  let connected = false;
  let outageReported = false;
  client.on('connect', (connack: IConnackPacket) => {
    // a batch's PUBACKs leave together
    patchSocketToCoalesceWrites(client.stream);
    client.options.reconnectPeriod = reconnectMinMs;
    const version = client.options.protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
    const session = connack.sessionPresent ? 'session resumed' : 'new session';
    logger.log(`connected to the MQTT broker at ${shown} (${version}, ${session})`);
    connected = true;
    outageReported = false;
  });
  client.on('close', () => {
    if (client.disconnecting) return;
    if (connected) {
      logger.warn(`lost the MQTT broker at ${shown}; reconnecting`);
      outageReported = true;
    }
    connected = false;
    const period = client.options.reconnectPeriod ?? reconnectMinMs;
    client.options.reconnectPeriod = Math.min(period * 2, reconnectMaxMs);
  });
  client.on('error', (err: Error & { code?: unknown }) => {
    if (client.options.protocolVersion === 5 && UNSUPPORTED_PROTOCOL.has(err.code as number)) {
      // mqtt.js builds each CONNECT from these options: the next attempt speaks 3.1.1
      client.options.protocolVersion = 4;
      delete client.options.properties;
      client.options.reconnectPeriod = reconnectMinMs;
      // expected with the embedded broker of `pnpm start`: information, not a warning
      logger.log(
        `the MQTT broker at ${shown} does not speak MQTT 5; using MQTT 3.1.1, where the ` +
          'broker, not the subscriber, limits the messages in flight (and so the batch size)',
      );
      return;
    }
    if (connected) {
      logger.warn(`MQTT connection error: ${err.message}`);
    } else if (!outageReported) {
      logger.warn(`cannot reach the MQTT broker at ${shown}: ${err.message}; retrying`);
      outageReported = true;
    }
  });
  return client;
}
