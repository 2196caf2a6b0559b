import { Logger } from '@nestjs/common';
import { MqttContext, ServerMqtt } from '@nestjs/microservices';
import { READING_KINDS } from '@healthcare/contracts';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShuttingDownError, SubscriptionRefusedError } from '../errors/subscriber-errors.js';
import { AckAfterCommit } from './ack-after-commit.js';
import type { BrokerStatistics } from './broker-statistics.js';
import { connectSubscriber, type SubscriberConnectionOptions } from './mqtt-connection.js';
import { UNROUTABLE, type ReadingTopics } from './reading-topics.js';

const DONE = Promise.resolve();

/**
 * Nest's MQTT transport, changed in what matters for storage:
 * - a message is acknowledged only after its handler's promise resolves (AckAfterCommit),
 *   while the client keeps reading, so a batch fills up to the Receive Maximum;
 * - payloads reach the handlers as the text that was published: no Nest envelope is
 *   assumed, so a reading with its own `pattern` or `data` field is just an invalid reading,
 *   and invalid JSON reaches the handler to be recorded;
 * - handlers are registered per kind of reading (`temperature`, `pressure`, `heartRate`) and
 *   subscribed as the configured topics (prefix, shared group), devices' topics included, at QoS 1;
 * - the broker's `$SYS` statistics, when given, are subscribed at QoS 0 on the same connection
 *   (a login holds one) and go to BrokerStatistics, never to storage.
 */
export class ReadingsServer extends ServerMqtt {
  override propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger(ReadingsServer.name);
  private client: MqttClient | undefined;
  private acks: AckAfterCommit | undefined;
  private subscribed = false;

  constructor(
    private readonly connection: SubscriberConnectionOptions,
    private readonly topics: ReadingTopics,
    private readonly statistics?: BrokerStatistics,
  ) {
    super({ url: connection.url });
  }

  get isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  /**
   * Whether the broker has granted the subscriptions (SUBACK): from then on it keeps every
   * reading for this session, so the gateway may take readings (compose starts it after this).
   */
  get isSubscribed(): boolean {
    return this.subscribed;
  }

  get protocolVersion(): number | undefined {
    return this.client?.options.protocolVersion;
  }

  /** Messages received and not yet acknowledged. */
  get heldAcks(): number {
    return this.acks?.heldCount ?? 0;
  }

  /**
   * Publishes at QoS 1 on the subscriber's connection (alerts); resolves on PUBACK. While the
   * broker is away, mqtt.js keeps the message and sends it on reconnection.
   */
  async publish(topic: string, payload: string): Promise<void> {
    if (!this.client) throw new Error('the MQTT client is not started');
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  override createMqttClient(): Promise<MqttClient> {
    return Promise.resolve(connectSubscriber(this.connection));
  }

  override start(callback: (err?: unknown) => void): void {
    const client = this.mqttClient as MqttClient;
    this.client = client;
    this.registerConnectListener(client);
    this.registerDisconnectListener(client);
    this.registerCloseListener(client);
    this.acks = new AckAfterCommit(
      client,
      (packet) => this.dispatch(packet),
      this.connection.receiveMaximum,
      (err, messages) => this.refused(err, messages),
    );
    this.subscribe(client).then(() => {
      callback();
      void this.followStatistics(client);
    }, callback);
  }

  /** Acknowledges what is stored, then disconnects; the session stays on the broker. */
  // Nest awaits a server's close() (NestMicroservice.close), whatever ServerMqtt declares
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.acks?.stopAccepting();
    const ended = client.endAsync(false).then(() => true);
    const late = sleep(2000, false, { ref: false });
    if (!(await Promise.race([ended, late]))) client.end(true);
    this.logger.log('disconnected; the broker keeps the session and queues what arrives');
  }

  /**
   * Hands a message to its handler and returns the handler's own promise: the batch writer
   * answers a batch's messages with one promise, which AckAfterCommit then waits on once.
   */
  private dispatch(packet: IPublishPacket): Promise<void> {
    if (this.statistics?.handles(packet.topic)) {
      this.statistics.record(packet.topic, packet.payload.toString('utf8'));
      return DONE;
    }
    try {
      // handlers are registered under exact patterns: a map lookup, not Nest's per-message
      // getHandlerByPattern, which tries JSON.parse on every topic (a hot path under load)
      const handler = this.messageHandlers.get(this.topics.kindOf(packet.topic) ?? UNROUTABLE);
      if (!handler) throw new Error(`no handler for messages on ${packet.topic}`);
      // ReadingsRoutes' handlers answer with a promise, never an observable
      return handler(
        packet.payload.toString('utf8'),
        new MqttContext([packet.topic, packet]),
      ) as Promise<void>;
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private refused(err: unknown, messages: number): void {
    if (err instanceof ShuttingDownError) return;
    this.logger.error(`${messages} messages not stored; left for redelivery`, err);
  }

  /**
   * Subscribes to the broker's statistics. Not every broker has them, or lets this login read
   * them: a refusal is one warning, and their metrics stay absent; storage does not depend on it.
   */
  private async followStatistics(client: MqttClient): Promise<void> {
    if (!this.statistics) return;
    try {
      const granted = await client.subscribeAsync(this.statistics.subscriptions, { qos: 0 });
      const refused = granted.filter((grant) => grant.qos >= 0x80).map((g) => g.topic);
      if (refused.length > 0) {
        this.logger.warn(
          `the MQTT broker refused its statistics (${refused.join(', ')}): no healthcare_mosquitto_* metrics for them`,
        );
      }
    } catch (err) {
      // refused (mqtt.js 3.1.1 fails the whole SUBSCRIBE then), or the connection dropped first
      this.logger.warn(
        `no statistics of the MQTT broker (healthcare_mosquitto_* metrics absent): ${String(err)}`,
      );
    }
  }

  /** Resolves once the broker granted every subscription at QoS 1. */
  private async subscribe(client: MqttClient): Promise<void> {
    const subscriptions = READING_KINDS.filter((kind) => this.messageHandlers.has(kind)).flatMap(
      (kind) => this.topics.subscriptionsOf(kind),
    );
    for (;;) {
      // subscribing before the CONNACK would fail with the first attempt when it is refused
      if (!client.connected) {
        await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      }
      try {
        const granted = await client.subscribeAsync(subscriptions, { qos: 1 });
        const refused = granted.filter((grant) => grant.qos !== 1);
        if (refused.length > 0) {
          const list = refused.map((g) => `${g.topic} (code ${g.qos})`).join(', ');
          throw new SubscriptionRefusedError(`the MQTT broker refused QoS 1 on ${list}`);
        }
        this.logger.log(`subscribed at QoS 1 to ${subscriptions.join(', ')}`);
        this.subscribed = true;
        return;
      } catch (err) {
        if (err instanceof SubscriptionRefusedError || client.disconnecting) throw err;
        // the connection dropped before the SUBACK: subscribe again on the next one
        await sleep(100);
      }
    }
  }
}
