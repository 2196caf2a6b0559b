import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { LiveMessage } from '@healthcare/contracts';
import { LIVE_CHANNEL, listeningClient } from '@healthcare/database';
import type pg from 'pg';

type Listener = (message: LiveMessage) => void;

/**
 * The subscriber's notifications (new vitals, alert changes), on one LISTEN connection of the
 * API's own, handed to every live stream. A lost connection is opened again with backoff;
 * listeners are told to reload (`onReconnect`), since what was sent meanwhile is gone.
 */
export class LiveFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = 250;

  constructor(private readonly databaseUrl: string) {}

  onModuleInit(): void {
    void this.connect();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      this.client = await listeningClient({
        url: this.databaseUrl,
        channel: LIVE_CHANNEL,
        applicationName: 'healthcare-api-live',
        onNotification: (payload) => this.deliver(payload),
        onLost: (err) => this.lost(err),
      });
      this.retryMs = 250;
      this.logger.log(`listening for live updates on ${LIVE_CHANNEL}`);
    } catch (err) {
      this.lost(err as Error);
    }
  }

  private lost(err: Error): void {
    this.client = undefined;
    if (this.stopped) return;
    this.logger.warn(`live updates lost (${err.message}); reconnecting in ${this.retryMs} ms`);
    setTimeout(() => void this.connect(), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  }

  private deliver(payload: string | undefined): void {
    if (!payload) return;
    let message: LiveMessage;
    try {
      message = JSON.parse(payload) as LiveMessage;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}
