import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ClientMqtt } from '@nestjs/microservices';
import { readingTopic, type Reading, type ReadingKind } from '@healthcare/contracts';
import type { MqttClient } from 'mqtt';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayConfig } from '../config/gateway.config.js';
import { BrokerUnavailableError } from '../errors/gateway-errors.js';
import { MQTT_CLIENT } from './mqtt-client.provider.js';
import { patchSocketToCoalesceWrites } from '@healthcare/io';

/**
 * Publishes readings at QoS 1 as plain JSON; a publish resolves only once the broker has sent its
 * PUBACK. The module's ClientMqtt owns the connection (connect at start, reconnect, status); a
 * reading goes out through the mqtt.js client under it with a callback, which is what its emit()
 * does, without the observable, subject and timer emit() builds per message (a hot path here).
 */
@Injectable()
export class ReadingPublisher
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ReadingPublisher.name);
  private readonly topics: Record<ReadingKind, string>;
  private mqtt: MqttClient | undefined;
  private inFlight = 0;
  private whenIdle: (() => void) | undefined;
  private draining = false;

  constructor(
    @Inject(MQTT_CLIENT) private readonly client: ClientMqtt,
    private readonly config: GatewayConfig,
  ) {
    const prefix = config.MQTT_TOPIC_PREFIX;
    this.topics = {
      temperature: readingTopic('temperature', prefix),
      pressure: readingTopic('pressure', prefix),
      heartRate: readingTopic('heartRate', prefix),
    };
    client.status.subscribe((status) => this.onStatus(status));
  }

  get isConnected(): boolean {
    return this.mqtt !== undefined;
  }

  topicOf(kind: ReadingKind): string {
    return this.topics[kind];
  }

  onApplicationBootstrap(): void {
    // connect now, not on the first reading; mqtt.js keeps retrying while the broker is away
    this.client.connect().catch(() => {
      this.logger.warn(`MQTT broker at ${this.config.MQTT_URL} is not reachable yet; retrying`);
    });
  }

  publish<K extends ReadingKind>(kind: K, reading: Reading<K>): Promise<void> {
    if (this.draining) return unavailable('the gateway is shutting down');
    const mqtt = this.mqtt;
    if (!mqtt) return unavailable('the MQTT broker is not reachable');
    const timeoutMs = this.config.PUBLISH_TIMEOUT_MS;
    this.inFlight++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new BrokerUnavailableError(
            `no acknowledgement from the MQTT broker within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      mqtt.publish(this.topics[kind], JSON.stringify(reading), { qos: 1 }, (err) => {
        clearTimeout(timer);
        if (err)
          reject(
            new BrokerUnavailableError(`the MQTT broker did not take the reading: ${err.message}`),
          );
        else resolve();
      });
    }).finally(() => {
      if (--this.inFlight === 0) this.whenIdle?.();
    });
  }

  /** SIGTERM: refuse new readings, let those already sent reach the broker. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) return;
    this.logger.log(`waiting for ${this.inFlight} readings to reach the broker`);
    const idle = new Promise<void>((resolve) => (this.whenIdle = resolve));
    await Promise.race([idle, sleep(this.config.SHUTDOWN_TIMEOUT_MS)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private onStatus(status: string): void {
    const connected = status === 'connected';
    if (connected === this.isConnected) return;
    if (connected) {
      this.mqtt = this.client.unwrap<MqttClient>();
      patchSocketToCoalesceWrites(this.mqtt.stream);
      this.logger.log(`connected to the MQTT broker at ${this.config.MQTT_URL}`);
      return;
    }
    this.mqtt = undefined;
    if (!this.draining) {
      this.logger.warn(`lost the MQTT broker at ${this.config.MQTT_URL} (${status}); reconnecting`);
    }
  }
}

function unavailable(message: string): Promise<never> {
  return Promise.reject(new BrokerUnavailableError(message));
}
