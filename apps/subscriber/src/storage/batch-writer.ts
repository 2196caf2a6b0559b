import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ShuttingDownError } from '../errors/subscriber-errors.js';
import { conflicting, type MetricsService } from '../metrics/metrics.service.js';
import { performance } from 'node:perf_hooks';
import type { BatchItem, BatchStore, RejectionItem } from './batch.js';
import { describeError } from '@healthcare/database';

export interface BatchWriterOptions {
  /** A batch is written when it holds this many messages... */
  batchSize: number;
  /** ...or this long after its first message arrived. */
  flushMs: number;
  /** On shutdown, how long the last batches may take to commit. */
  shutdownTimeoutMs: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Messages written together; `committed` is every one's promise. The messages of a batch commit
 * or are given up together, so one promise stands for them all instead of one each, a cost on
 * every message.
 */
interface Batch {
  items: BatchItem[];
  committed: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

function newBatch(): Batch {
  const batch = { items: [] } as unknown as Batch;
  batch.committed = new Promise((resolve, reject) => {
    batch.resolve = resolve;
    batch.reject = reject;
  });
  return batch;
}

/**
 * Gathers messages into batches and writes each in one transaction, one batch at a time while
 * the next one fills. `add` resolves once the message is committed: that is when its PUBACK may
 * go. While the database is down or refuses writes, the batch is kept and retried with
 * exponential backoff; its messages stay unacknowledged, so nothing is lost if the process dies.
 */
export class BatchWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BatchWriter.name);
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  /** Full batches waiting for the one being written, oldest first. */
  private ready: Batch[] = [];
  /** The batch that fills until it holds batchSize messages or its FLUSH_MS is up. */
  private filling: Batch | undefined;
  /** Messages in `ready` and `filling`. */
  private waiting = 0;
  private writing = 0;
  private timer: NodeJS.Timeout | undefined;
  private due = false;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private abandoned = false;
  private wake: (() => void) | undefined;
  private failure: string | undefined;
  private failedAttempts = 0;
  private readonly rejections = new RejectionLog(this.logger);

  constructor(
    private readonly store: BatchStore,
    private readonly options: BatchWriterOptions,
    private readonly metrics: MetricsService,
    /**
     * Told of each committed batch and the conflictKeys of its readings whose stored values are
     * not theirs (scoring); never awaited, and its failure stays its own.
     */
    private readonly onCommitted?: (items: BatchItem[], conflictKeys: string[]) => void,
  ) {
    this.retryMinMs = options.retryMinMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
  }

  /** Messages accepted and not yet committed. */
  get pendingCount(): number {
    return this.waiting + this.writing;
  }

  /** Why the last write failed, while writes are failing; undefined once a write succeeds. */
  get writeFailure(): string | undefined {
    return this.failure;
  }

  add(item: BatchItem): Promise<void> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    const batch = (this.filling ??= newBatch());
    batch.items.push(item);
    this.waiting += 1;
    if (batch.items.length >= this.options.batchSize) {
      this.ready.push(batch);
      this.filling = undefined;
      this.markDue();
    } else if (!this.timer && !this.due) this.startTimer();
    return batch.committed;
  }

  /** Takes no more messages and writes those it has, for at most `timeoutMs`. */
  async drain(timeoutMs = this.options.shutdownTimeoutMs): Promise<void> {
    this.closed = true;
    if (this.pendingCount > 0)
      this.logger.log(`stopping: writing the ${this.pendingCount} messages held`);
    this.markDue();
    const idle = this.flushing ?? Promise.resolve();
    if (await settlesWithin(idle, timeoutMs)) return;
    this.logger.warn(
      `${this.pendingCount} messages not written within ${timeoutMs} ms; ` +
        'they stay unacknowledged and the broker redelivers them',
    );
    this.abandoned = true;
    this.wake?.();
    await settlesWithin(idle, 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private startTimer(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.markDue();
    }, this.options.flushMs);
  }

  private markDue(): void {
    this.due = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing ??= this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    try {
      for (;;) {
        let batch = this.ready.shift();
        if (!batch && this.due && this.filling) {
          batch = this.filling;
          this.filling = undefined;
        }
        if (!batch) break;
        this.due = this.closed || this.ready.length > 0;
        if (!this.due && this.filling && !this.timer) this.startTimer();
        this.waiting -= batch.items.length;
        this.writing = batch.items.length;
        await this.commit(batch);
        this.writing = 0;
      }
      if (!this.filling) this.due = false;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Writes the batch, retrying until it commits or the subscriber gives up on shutdown. */
  private async commit(batch: Batch): Promise<void> {
    const items = batch.items;
    for (let delay = this.retryMinMs; ; delay = Math.min(delay * 2, this.retryMaxMs)) {
      if (this.abandoned) {
        batch.reject(new ShuttingDownError());
        return;
      }
      try {
        const started = performance.now();
        const result = await this.store.write(items);
        if (this.failure) {
          this.logger.log(
            `database writes work again after ${this.failedAttempts} failed attempts`,
          );
        }
        this.failure = undefined;
        this.failedAttempts = 0;
        this.metrics.recordBatch(result, items, (performance.now() - started) / 1000);
        if (result.conflicts > 0) {
          this.logger.warn(
            `${result.conflicts} readings differ from the stored reading with the same sensor_id ` +
              'and timestamp: kept the stored ones, recorded both in conflicting_reading' +
              readingIds(conflicting(items, result.conflictKeys)),
          );
        }
        if (result.rejected > 0) this.rejections.add(items);
        batch.resolve();
        this.tellCommitted(items, result.conflictKeys);
        return;
      } catch (err) {
        if (!this.failure) {
          this.logger.error(
            `cannot write to the database: ${describeError(err)}; keeping ${this.pendingCount} ` +
              'messages unacknowledged and retrying',
          );
        }
        this.failure = describeError(err);
        this.failedAttempts += 1;
        this.metrics.commitFailed();
        await this.pause(delay);
      }
    }
  }

  private tellCommitted(items: BatchItem[], conflictKeys: string[]): void {
    if (!this.onCommitted) return;
    try {
      this.onCommitted(items, conflictKeys);
    } catch (err) {
      this.logger.error(`after-commit step failed (the batch stays stored): ${describeError(err)}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** At most this many reading ids in one log line. */
const IDS_PER_LINE = 5;

function readingIds(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const more = ids.length > IDS_PER_LINE ? ` and ${ids.length - IDS_PER_LINE} more` : '';
  return ` (reading ${ids.slice(0, IDS_PER_LINE).join(', ')}${more})`;
}

/**
 * Says what was rejected at most once per interval, however many messages a stream of bad ones
 * brings: the count since the last line, and the last rejection with its reading id.
 */
export class RejectionLog {
  private count = 0;
  private last: RejectionItem | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  add(items: readonly BatchItem[]): void {
    for (const item of items) {
      if (item.kind !== 'rejected') continue;
      this.count++;
      this.last = item;
    }
    if (this.timer) return;
    this.flush();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.count > 0) this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  private flush(): void {
    const last = this.last!;
    const id = last.readingId === undefined ? '' : ` reading ${last.readingId}`;
    this.logger.warn(
      `${this.count} messages rejected (see rejected_message); the last,${id} on ${last.topic}: ` +
        `${last.reason.slice(0, 300)}`,
    );
    this.count = 0;
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
