import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ClientMqtt, MqttRecordBuilder } from '@nestjs/microservices';
import { READINGS, type Reading, type ReadingKind } from '@healthcare/contracts';
import { lastValueFrom, timeout } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayConfig } from '../config/gateway.config.js';
import { BrokerUnavailableError } from '../errors/gateway-errors.js';
import { MQTT_CLIENT } from './mqtt-client.provider.js';

/** Publishes readings at QoS 1; a publish resolves only once the broker has sent its PUBACK. */
@Injectable()
export class ReadingPublisher
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(ReadingPublisher.name);
  private readonly topics: Record<ReadingKind, string>;
  private readonly inFlight = new Set<Promise<void>>();
  private connected = false;
  private draining = false;

  constructor(
    @Inject(MQTT_CLIENT) private readonly client: ClientMqtt,
    private readonly config: GatewayConfig,
  ) {
    const prefix = config.MQTT_TOPIC_PREFIX;
    const separator = prefix && !prefix.endsWith('/') ? '/' : '';
    this.topics = {
      temperature: `${prefix}${separator}${READINGS.temperature.topic}`,
      pressure: `${prefix}${separator}${READINGS.pressure.topic}`,
      heartRate: `${prefix}${separator}${READINGS.heartRate.topic}`,
    };
    client.status.subscribe((status) => this.onStatus(status));
  }

  get isConnected(): boolean {
    return this.connected;
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

  async publish<K extends ReadingKind>(kind: K, reading: Reading<K>): Promise<void> {
    if (this.draining) throw new BrokerUnavailableError('the gateway is shutting down');
    if (!this.connected) throw new BrokerUnavailableError('the MQTT broker is not reachable');
    const record = new MqttRecordBuilder(reading).setQoS(1).build();
    const sent = lastValueFrom(
      this.client.emit(this.topics[kind], record).pipe(timeout(this.config.PUBLISH_TIMEOUT_MS)),
      { defaultValue: undefined },
    ).then(
      () => undefined,
      (err: unknown) => {
        throw new BrokerUnavailableError(
          err instanceof Error && err.name === 'TimeoutError'
            ? `no acknowledgement from the MQTT broker within ${this.config.PUBLISH_TIMEOUT_MS} ms`
            : `the MQTT broker did not take the reading: ${String(err)}`,
        );
      },
    );
    this.inFlight.add(sent);
    try {
      await sent;
    } finally {
      this.inFlight.delete(sent);
    }
  }

  /** SIGTERM: refuse new readings, let those already sent reach the broker. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.inFlight.size === 0) return;
    this.logger.log(`waiting for ${this.inFlight.size} readings to reach the broker`);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      sleep(this.config.SHUTDOWN_TIMEOUT_MS),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private onStatus(status: string): void {
    const connected = status === 'connected';
    if (connected === this.connected) return;
    this.connected = connected;
    if (connected) this.logger.log(`connected to the MQTT broker at ${this.config.MQTT_URL}`);
    else
      this.logger.warn(`lost the MQTT broker at ${this.config.MQTT_URL} (${status}); reconnecting`);
  }
}
