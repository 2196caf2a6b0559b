import { ClientMqtt, type MqttStatus } from '@nestjs/microservices';
import { mqttLogin, mqttTls, shownUrl } from '@healthcare/config';
import type { MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config.js';

export const MQTT_CLIENT = Symbol('MQTT_CLIENT');

/** CONNACK codes of a broker that does not speak MQTT 5: 1 (3.1.1) and 0x84 (5). */
const UNSUPPORTED_PROTOCOL = new Set([1, 0x84]);

/**
 * Nest's ClientMqtt speaking MQTT 5, whose PUBACK tells whether any subscriber took a reading
 * (ReadingPublisher acts on it). A broker that refuses MQTT 5 (aedes, the embedded broker of
 * `pnpm start`) gets MQTT 3.1.1 on the next attempt, said once in the log. The connection's
 * ups and downs are logged once each by ReadingPublisher, so this client logs none of its own.
 */
export class GatewayMqttClient extends ClientMqtt {
  /** Set once the broker refused MQTT 5: PUBACKs carry no reason code from then on. */
  speaksMqtt311 = false;

  override registerErrorListener(client: MqttClient): void {
    // one line per kind of failure until the next connection, not one per retry
    let reported: string | undefined;
    client.on('connect', () => (reported = undefined));
    client.on('error', (err: Error & { code?: unknown }) => {
      if (client.options.protocolVersion === 5 && UNSUPPORTED_PROTOCOL.has(err.code as number)) {
        // mqtt.js builds each CONNECT from these options: the next attempt speaks 3.1.1
        client.options.protocolVersion = 4;
        this.speaksMqtt311 = true;
        // information, not a warning: the embedded broker of `pnpm start` always does this
        this.logger.log(
          `the MQTT broker at ${shownUrl(this.url)} does not speak MQTT 5; using MQTT 3.1.1, where its ` +
            'PUBACK cannot say that no subscriber took a reading',
        );
        return;
      }
      // as ClientMqtt: an unreachable broker is reported by the app, once
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND') return;
      if (err.message === reported) return;
      reported = err.message;
      this.logger.error(`MQTT client: ${err.message}`);
    });
  }

  // as ClientMqtt, without its log line
  override registerOfflineListener(client: MqttClient): void {
    client.on('offline', () => {
      this.connectionPromise = Promise.reject(new Error('Connection lost. Trying to reconnect...'));
      this.connectionPromise.catch(() => undefined);
    });
  }

  // as ClientMqtt, without its log line: ReadingPublisher says the connection is up
  override registerConnectListener(client: MqttClient): void {
    client.on('connect', () => {
      this.isReconnecting = false;
      this._status$.next('connected' as MqttStatus);
      this.connectionPromise = Promise.resolve();
      if (!this.isInitialConnection) {
        this.isInitialConnection = true;
        client.on('message', this.createResponseCallback());
      }
    });
  }

  // as ClientMqtt, without its log line
  override registerReconnectListener(client: MqttClient): void {
    client.on('reconnect', () => {
      this.isReconnecting = true;
      this._status$.next('reconnecting' as MqttStatus);
    });
  }
}

export const mqttClientProvider = {
  provide: MQTT_CLIENT,
  inject: [GatewayConfig],
  useFactory: (config: GatewayConfig) =>
    new GatewayMqttClient({
      url: config.MQTT_URL,
      ...mqttLogin(config),
      ...mqttTls(config),
      clientId: `gateway-${randomBytes(4).toString('hex')}`,
      protocolVersion: 5,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // readings go at QoS 1, counted by ReadingPublisher; nothing else is queued while offline
      queueQoSZero: false,
      // Nest passes these through to mqtt.connect but does not declare them:
      ...({
        // a refused connection (protocol, login, a broker starting) is retried like a lost one
        reconnectOnConnackError: true,
        // mqtt.js logs every packet through `debug` unless given a logger, a cost on every packet
        log: () => undefined,
        // without it mqtt-packet keeps a buffer for each of the 65536 message ids, for the life
        // of the process: a share of the gateway's heap that no reading needs (writing the id
        // afresh cost no measurable CPU in a micro-benchmark)
        writeCache: false,
        // by default every PUBACK clears and sets the keepalive timer again, a cost on every
        // reading; without it a PINGREQ goes every keepalive period, busy or not, and a silent
        // broker is still found out by its missing PINGRESP
        reschedulePings: false,
      } as object),
    }),
};
