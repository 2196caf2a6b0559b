import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { alertsTopic } from '@healthcare/contracts';
import {
  ALERT_ACKNOWLEDGED_CHANNEL,
  describeError,
  listeningClient,
  markAcknowledgementPublished,
  unpublishedAcknowledgements,
} from '@healthcare/database';
import type pg from 'pg';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { Publish } from './alert-scorer.js';

/** Acknowledgements read per query; a backlog takes several rounds of queries. */
const PER_QUERY = 100;

export interface AcknowledgementRelayOptions {
  databaseUrl: string;
  statementTimeoutMs: number;
  topicPrefix: string;
  /** A round also runs this often, for what a lost notification or connection left behind. */
  intervalMs: number;
  /** Whether the broker connection is up: while it is not, rounds wait for it. */
  brokerConnected: () => boolean;
}

/**
 * Publishes the readers' acknowledgements on `alerts`. The API records each in the alert row in
 * its acknowledging transaction and notifies ALERT_ACKNOWLEDGED_CHANNEL, which this LISTENs to;
 * each one is published at QoS 1 and marked published only after the PUBACK. So an
 * acknowledgement made while the subscriber, the broker or this connection is away is published
 * once they are back (at least once: a crash between the PUBACK and the mark publishes it again).
 * The API needs no broker login for it.
 */
export class AcknowledgementRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AcknowledgementRelay.name);
  private readonly topic: string;
  private client: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing: string | undefined;

  constructor(
    private readonly options: AcknowledgementRelayOptions,
    private readonly publish: Publish,
    private readonly metrics: MetricsService,
  ) {
    this.topic = alertsTopic(options.topicPrefix);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.options.intervalMs);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.idle();
    await this.drop();
  }

  /** Resolves once no round runs. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Runs a round now, or once more after the one running. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.round();
      } while (this.again && !this.stopped);
    } finally {
      this.running = undefined;
    }
  }

  private async round(): Promise<void> {
    try {
      // listening from the start, whatever the broker, so that no notification is missed
      const client = await this.connection();
      // while the broker is away a publish would wait for it: the next round tries again
      if (!this.options.brokerConnected()) return;
      for (;;) {
        const pending = await unpublishedAcknowledgements(client, PER_QUERY);
        for (const alert of pending) {
          if (this.stopped) return;
          await this.publish(this.topic, JSON.stringify(alert));
          await markAcknowledgementPublished(client, alert.id);
          this.metrics.alertPublished();
          this.logger.log(
            `alert ${alert.id} acknowledged by ${alert.acknowledged_by ?? 'a removed reader'}: published`,
          );
        }
        if (pending.length < PER_QUERY) break;
      }
      if (this.failing !== undefined) this.logger.log('acknowledgements are published again');
      this.failing = undefined;
    } catch (err) {
      await this.drop();
      const reason = describeError(err);
      // one line per kind of failure; the acknowledgements wait in the table
      if (reason !== this.failing) {
        this.logger.warn(`acknowledgements not published yet (${reason}); trying again`);
      }
      this.failing = reason;
    }
  }

  /** The one connection: it LISTENs for acknowledgements and reads and marks them. */
  private async connection(): Promise<pg.Client> {
    this.client ??= await listeningClient({
      url: this.options.databaseUrl,
      channel: ALERT_ACKNOWLEDGED_CHANNEL,
      applicationName: 'healthcare-subscriber-acknowledgements',
      statementTimeoutMs: this.options.statementTimeoutMs,
      queryTimeoutMs: this.options.statementTimeoutMs + 2000,
      onNotification: () => this.wake(),
      onLost: () => void this.drop(),
    });
    return this.client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
