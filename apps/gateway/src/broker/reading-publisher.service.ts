import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  readingIdProperties,
  readingTopic,
  type Reading,
  type ReadingKind,
} from '@healthcare/contracts';
import type { IClientPublishOptions, MqttClient, Packet } from 'mqtt';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { shownUrl } from '@healthcare/config';
import { GatewayConfig } from '../config/gateway.config.js';
import {
  BrokerUnavailableError,
  GatewayOverloadedError,
  PayloadTooLargeError,
  type BrokerRefusal,
} from '../errors/gateway-errors.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { MQTT_CLIENT, type GatewayMqttClient } from './mqtt-client.provider.js';
import { patchSocketToGatherWrites } from '@healthcare/io';
import { ReadingIds } from './reading-ids.js';

/** MQTT 5 PUBACK reason: the broker took the message, matched no subscription and dropped it. */
const NO_MATCHING_SUBSCRIBERS = 16;
/** MQTT 5 PUBACK reasons from here up say the broker refused the message (not authorized, ...). */
const FIRST_FAILURE_REASON = 0x80;
const QOS_1: IClientPublishOptions = { qos: 1 };

/**
 * Publishes readings at QoS 1 as plain JSON; a publish resolves only once the broker has sent its
 * PUBACK, and only when that PUBACK does not say that no subscriber took it or that the broker
 * refused it. A reading is never handed over bigger than MQTT_MAX_MESSAGE_BYTES, the broker's
 * message size limit: Mosquitto answers an MQTT 5 publisher's oversized message with a PUBACK
 * reason (149) that mqtt.js cannot parse, which stalls the connection for every reading in flight
 * and comes back on each reconnect, since mqtt.js sends the message again. The module's
 * ClientMqtt owns the connection (connect at start, reconnect, status); a reading goes out
 * through the mqtt.js client under it with a callback, which is what its emit() does, without
 * the observable, subject and timer emit() builds per message (a hot path here).
 *
 * What mqtt.js holds is bounded: a publish counts against MAX_PENDING_PUBLISHES from the moment
 * it is handed over until mqtt.js is done with it (acknowledged, refused, or dropped), also after
 * its device was answered for a timeout, since mqtt.js keeps it and sends it again after a
 * reconnect. Past the bound a reading is refused at once.
 */
@Injectable()
export class ReadingPublisher
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ReadingPublisher.name);
  private readonly topics: Record<ReadingKind, string>;
  private mqtt: MqttClient | undefined;
  /** The mqtt.js client whose PUBACKs are read (the same one across reconnects). */
  private listened: MqttClient | undefined;
  /** The last PUBACK received; mqtt.js calls the publish callback right after it. */
  private pubackId = 0;
  private pubackReason = 0;
  /**
   * Topics whose last PUBACK said no subscriber or a refusal, with what it said, so that each
   * change is logged once.
   */
  private readonly refusals = new Map<string, Refusal>();
  /** Handed to mqtt.js and not yet done with by it. */
  private pending = 0;
  /** Waiting for an answer to their device. */
  private inFlight = 0;
  private whenIdle: (() => void) | undefined;
  /** Publishes waiting for their PUBACK, oldest first, by a number of their own. */
  private readonly waiting = new Map<number, Waiting>();
  private nextWaiting = 0;
  /** Set while any publish waits: fires when the oldest one's PUBLISH_TIMEOUT_MS is up. */
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private readonly ids = new ReadingIds();

  constructor(
    @Inject(MQTT_CLIENT) private readonly client: GatewayMqttClient,
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {
    const prefix = config.MQTT_TOPIC_PREFIX;
    this.topics = {
      temperature: readingTopic('temperature', prefix),
      pressure: readingTopic('pressure', prefix),
      heartRate: readingTopic('heartRate', prefix),
    };
    client.status.subscribe((status) => this.onStatus(status));
    metrics.watchBroker(this);
  }

  get isConnected(): boolean {
    return this.mqtt !== undefined;
  }

  /** Readings handed to mqtt.js and not yet done with by it. */
  get pendingPublishes(): number {
    return this.pending;
  }

  topicOf(kind: ReadingKind): string {
    return this.topics[kind];
  }

  onApplicationBootstrap(): void {
    // connect now, not on the first reading; mqtt.js keeps retrying while the broker is away
    this.client.connect().catch(() => {
      // a refused MQTT 5 was said by the client, which connects again with 3.1.1 at once
      if (this.client.speaksMqtt311) return;
      this.logger.warn(
        `MQTT broker at ${shownUrl(this.config.MQTT_URL)} is not reachable yet; retrying`,
      );
    });
  }

  publish<K extends ReadingKind>(kind: K, reading: Reading<K>): Promise<void> {
    return new Promise((resolve, reject) =>
      this.send(kind, reading, (err) => (err ? reject(err) : resolve())),
    );
  }

  /**
   * As publish, answering through `done` (called once, with the refusal if any): the WebSocket
   * path answers each of many frames without a promise chain per reading.
   */
  send<K extends ReadingKind>(kind: K, reading: Reading<K>, done: Published): void {
    // first: no retry makes it fit
    const payload = JSON.stringify(reading);
    const bytes = Buffer.byteLength(payload);
    if (bytes > this.config.MQTT_MAX_MESSAGE_BYTES) {
      return done(
        new PayloadTooLargeError(
          `the reading is ${bytes} bytes as published, more than the MQTT broker takes ` +
            `(MQTT_MAX_MESSAGE_BYTES ${this.config.MQTT_MAX_MESSAGE_BYTES})`,
        ),
      );
    }
    if (this.draining) {
      return done(new BrokerUnavailableError('the gateway is shutting down', 'shutting_down'));
    }
    const mqtt = this.mqtt;
    if (!mqtt) {
      return done(
        new BrokerUnavailableError('the MQTT broker is not reachable', 'broker_unavailable'),
      );
    }
    if (this.pending >= this.config.MAX_PENDING_PUBLISHES) {
      return done(
        new GatewayOverloadedError(
          `${this.pending} readings are waiting for the MQTT broker; retry later`,
        ),
      );
    }
    const topic = this.topics[kind];
    const options = this.optionsFor(mqtt, kind, reading);
    const waiting: Waiting = { started: performance.now(), done };
    const id = this.nextWaiting++;
    this.waiting.set(id, waiting);
    this.pending++;
    this.inFlight++;
    this.timer ??= setTimeout(this.giveUp, this.config.PUBLISH_TIMEOUT_MS);
    mqtt.publish(topic, payload, options, (err, packet) => {
      this.pending--;
      const refusal = this.refusal(topic, err, packet);
      // answered already when it timed out: counted and told then
      if (!this.waiting.delete(id)) return;
      if (refusal) {
        this.settle(waiting, new BrokerUnavailableError(refusal.answer, refusal.reason));
      } else if (err) {
        this.settle(
          waiting,
          new BrokerUnavailableError(`the MQTT broker did not take the reading: ${err.message}`),
        );
      } else {
        this.metrics.published(kind, (performance.now() - waiting.started) / 1000);
        this.settle(waiting);
      }
    });
  }

  private settle(waiting: Waiting, err?: Error): void {
    if (this.waiting.size === 0 && this.timer) {
      // nothing left to time out: a timer left running would hold the process open
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (--this.inFlight === 0) this.whenIdle?.();
    waiting.done(err);
  }

  /**
   * Answers the publishes older than PUBLISH_TIMEOUT_MS with a timeout: one timer for all of
   * them (they wait in the order they were sent), not one per reading.
   */
  private readonly giveUp = (): void => {
    const timeoutMs = this.config.PUBLISH_TIMEOUT_MS;
    const now = performance.now();
    this.timer = undefined;
    for (const [id, waiting] of this.waiting) {
      const due = waiting.started + timeoutMs - now;
      if (due > 0) {
        // one a publish answered above may have set (for its own, later deadline)
        clearTimeout(this.timer);
        this.timer = setTimeout(this.giveUp, Math.ceil(due));
        return;
      }
      this.waiting.delete(id);
      this.settle(
        waiting,
        new BrokerUnavailableError(
          `no acknowledgement from the MQTT broker within ${timeoutMs} ms`,
          'publish_timeout',
        ),
      );
    }
  };

  /** QoS 1, and over MQTT 5 the reading's id (logged at debug level: one line per reading). */
  private optionsFor(mqtt: MqttClient, kind: ReadingKind, reading: Reading): IClientPublishOptions {
    if (mqtt.options.protocolVersion !== 5) return QOS_1;
    const id = this.ids.next();
    if (Logger.isLevelEnabled('debug')) {
      this.logger.debug(`reading ${id}: ${kind} of ${reading.sensor_id} at ${reading.date}`);
    }
    return { qos: 1, properties: readingIdProperties(id) };
  }

  /** SIGTERM: refuse new readings, let those already sent reach the broker. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    this.logger.log(`waiting for ${this.inFlight} readings to reach the broker`);
    const idle = new Promise<void>((resolve) => (this.whenIdle = resolve));
    // the timer goes once idle: left running, it would hold the process (and a test run) open
    const timeout = new AbortController();
    await Promise.race([
      idle,
      sleep(this.config.SHUTDOWN_TIMEOUT_MS, undefined, { signal: timeout.signal }).catch(
        () => undefined,
      ),
    ]);
    timeout.abort();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private onStatus(status: string): void {
    const connected = status === 'connected';
    if (connected === this.isConnected) return;
    if (connected) {
      const mqtt = this.client.unwrap<MqttClient>();
      this.mqtt = mqtt;
      patchSocketToGatherWrites(mqtt.stream);
      if (mqtt !== this.listened) {
        this.listened = mqtt;
        mqtt.on('packetreceive', this.readPuback);
      }
      this.logger.log(`connected to the MQTT broker at ${shownUrl(this.config.MQTT_URL)}`);
      return;
    }
    this.mqtt = undefined;
    if (!this.draining) {
      this.logger.warn(
        `lost the MQTT broker at ${shownUrl(this.config.MQTT_URL)} (${status}); reconnecting`,
      );
    }
  }

  /**
   * mqtt.js hands reason 16 to the publish callback as a success, and a refusal (0x80 and up) as
   * an error: both are read off the PUBACK itself.
   */
  private readonly readPuback = (packet: Packet): void => {
    if (packet.cmd !== 'puback') return;
    this.pubackId = packet.messageId ?? 0;
    this.pubackReason = packet.reasonCode ?? 0;
  };

  /**
   * What a publish's PUBACK refused (no subscriber, a refusal), if it did. Such a PUBACK
   * holds for every reading of the topic until the broker takes one again: each change is logged
   * once.
   */
  private refusal(
    topic: string,
    err: Error | undefined,
    packet: Packet | undefined,
  ): Refusal | undefined {
    const ours = packet?.messageId !== undefined && packet.messageId === this.pubackId;
    // an error without such a PUBACK is the connection's, not the topic's
    if (err && !ours) return undefined;
    const refused = ours ? refusalOf(topic, this.pubackReason, err) : undefined;
    const before = this.refusals.get(topic);
    if (refused && before?.answer !== refused.answer) {
      this.refusals.set(topic, refused);
      this.logger.warn(refused.warning);
    } else if (!refused && before) {
      this.refusals.delete(topic);
      this.logger.log(before.recovered);
    }
    return refused;
  }
}

/** How a publish is answered: with nothing once the broker took it, else with the refusal. */
export type Published = (err?: Error) => void;

interface Waiting {
  /** performance.now() at the hand-over to mqtt.js. */
  started: number;
  done: Published;
}

interface Refusal {
  /** As the refusal metrics count it. */
  reason: BrokerRefusal;
  /** To the device. */
  answer: string;
  /** Logged once when the topic's readings start being refused. */
  warning: string;
  /** Logged once when they are taken again. */
  recovered: string;
}

/** What a PUBACK reason code refuses; undefined when the broker took the reading. */
function refusalOf(topic: string, reason: number, err: Error | undefined): Refusal | undefined {
  if (reason === NO_MATCHING_SUBSCRIBERS) {
    return {
      reason: 'no_subscriber',
      answer: `no subscriber for ${topic}: the MQTT broker dropped the reading; retry later`,
      warning: `no subscriber for ${topic}: refusing its readings until one subscribes`,
      recovered: `${topic} has a subscriber again`,
    };
  }
  if (reason < FIRST_FAILURE_REASON) return undefined;
  const refused = `the MQTT broker refused the reading on ${topic}: ${err?.message ?? 'Publish error'} (reason code ${reason})`;
  return {
    reason: 'broker_refused',
    answer: `${refused}; retry later`,
    warning: `${refused}: refusing its readings until it takes one`,
    recovered: `the MQTT broker takes readings on ${topic} again`,
  };
}
