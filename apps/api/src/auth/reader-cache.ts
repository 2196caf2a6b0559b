import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { ValidityWindow } from '@healthcare/credentials';
import { describeError, listeningClient, READER_CHANNEL } from '@healthcare/database';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { ApiConfig } from '../config/api.config.js';
import type { Reader } from './reader.js';

/** A token's reader and when the token may be used. */
export interface ReaderCredential extends ValidityWindow {
  reader: Reader;
}

/** Tokens kept at most; past it the least recently used is dropped (it is looked up again). */
const MAX_TOKENS = 10_000;
/** A lost LISTEN connection is opened again on a later request, not more often than this. */
const RETRY_MS = 1000;

/**
 * The readers of tokens already looked up and found, by token (as the gateway's RegistryView
 * keeps them), so that a request needs no query for its token, nor its digest. No unknown token
 * is kept. They are kept only while the API LISTENs on READER_CHANNEL, whose triggers notify every
 * change to readers and their credentials: each notification drops them all, so a disabled reader
 * or an ended token is refused once the notification arrives. READER_CACHE_TTL_MS bounds how long
 * one is kept should a notification be missed (a connection dead without a word); 0 keeps none.
 */
@Injectable()
export class ReaderCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReaderCache.name);
  private readonly kept?: LRUCache<string, ReaderCredential>;
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private triedAt = -Infinity;
  /** Counts the drops: a lookup begun before one is not kept after it. */
  private generation = 0;
  private stopped = false;
  private failing?: string;

  constructor(@Inject(ApiConfig) private readonly config: ApiConfig) {
    const ttl = config.READER_CACHE_TTL_MS;
    if (ttl > 0) this.kept = new LRUCache({ max: MAX_TOKENS, ttl });
  }

  onModuleInit(): void {
    this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.connecting;
    await this.client?.end().catch(() => undefined);
  }

  get(token: string): ReaderCredential | undefined {
    if (!this.client) {
      this.listen();
      return undefined;
    }
    return this.kept?.get(token);
  }

  /** To pass to `keep` with what a lookup found. */
  mark(): number {
    return this.generation;
  }

  keep(token: string, credential: ReaderCredential, mark: number): void {
    if (this.client && mark === this.generation) this.kept?.set(token, credential);
  }

  private drop(): void {
    this.generation++;
    this.kept?.clear();
  }

  private listen(): void {
    if (!this.kept || this.stopped || this.client || this.connecting) return;
    if (performance.now() - this.triedAt < RETRY_MS) return;
    this.triedAt = performance.now();
    this.connecting = listeningClient({
      url: this.config.DATABASE_URL,
      channel: READER_CHANNEL,
      applicationName: 'healthcare-api-readers',
      onNotification: () => this.drop(),
      onLost: (err) => {
        this.client = undefined;
        this.drop();
        if (!this.stopped) this.warn(err);
      },
    })
      .then(
        async (client) => {
          if (this.stopped) {
            await client.end().catch(() => undefined);
            return;
          }
          // what changed before it listened is read by the lookups from now on
          this.drop();
          this.client = client;
          if (this.failing !== undefined) this.logger.log('reader changes followed again');
          this.failing = undefined;
        },
        (err: unknown) => this.warn(err),
      )
      .finally(() => {
        this.connecting = undefined;
      });
  }

  /** One line per kind of failure; meanwhile every request looks its token up. */
  private warn(err: unknown): void {
    const reason = describeError(err);
    if (reason === this.failing) return;
    this.failing = reason;
    this.logger.warn(`not following reader changes (${reason}): tokens are looked up each time`);
  }
}
