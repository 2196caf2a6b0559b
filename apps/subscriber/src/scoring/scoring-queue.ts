import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { DeviceReading } from '@healthcare/database';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { BatchItem } from '../storage/batch.js';

/** Scores the patients behind committed readings (AlertScorer). */
export interface Scorer {
  score(readings: DeviceReading[]): Promise<void>;
}

/**
 * Takes committed batches and scores them off the storage path: `committed` only notes each
 * device's newest reading time and returns; one loop scores what has gathered, one round at a
 * time, so readings that arrive while a round runs are scored together in the next. A round
 * starts at least `intervalMs` after the one before: under a steady load a round's cost goes with
 * the patients in it, not with the readings, so fewer rounds cost less per reading. It holds at
 * most `maxDevices` devices: beyond them, readings go unscored (counted), and storage goes on.
 * A failed round is logged and counted; the readings stay stored and acknowledged.
 */
export class ScoringQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(ScoringQueue.name);
  private waiting = new Map<string, Date>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastFailure: string | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pause: { timer: NodeJS.Timeout; end: () => void } | undefined;

  constructor(
    private readonly scorer: Scorer,
    private readonly metrics: MetricsService,
    private readonly maxDevices: number,
    /** SCORING_INTERVAL_MS: the shortest time from one round's start to the next's. */
    private readonly intervalMs = 0,
  ) {}

  committed(items: readonly BatchItem[]): void {
    if (this.stopped) return;
    for (const item of items) {
      if (item.kind === 'rejected') continue;
      const at = new Date(item.reading.date);
      const known = this.waiting.get(item.reading.sensor_id);
      if (known) {
        if (at > known) this.waiting.set(item.reading.sensor_id, at);
      } else if (this.waiting.size < this.maxDevices) {
        this.waiting.set(item.reading.sensor_id, at);
      } else {
        this.metrics.readingUnscored();
      }
    }
    if (this.waiting.size > 0) this.running ??= this.run();
  }

  /** Resolves once nothing waits to be scored (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    // what waits is scored at once, not after the interval
    this.endPause();
    await this.idle();
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.size > 0) {
        const wait = this.lastStart + this.intervalMs - Date.now();
        // awaited only when there is a wait: a first round starts within `committed`
        if (wait > 0 && !this.stopped) await this.pauseFor(wait);
        this.lastStart = Date.now();
        const round = [...this.waiting].map(([sensorId, at]) => ({ sensorId, at }));
        this.waiting = new Map();
        try {
          await this.scorer.score(round);
          this.metrics.scoringRoundDone();
          if (this.lastFailure) this.logger.log('scoring works again');
          this.lastFailure = undefined;
        } catch (err) {
          this.metrics.scoringRoundFailed();
          const reason = err instanceof Error ? err.message : String(err);
          // one line per kind of failure, not one per round
          if (reason !== this.lastFailure) {
            this.logger.error(
              `scoring ${round.length} devices' readings failed (they stay stored): ${reason}`,
            );
          }
          this.lastFailure = reason;
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private async pauseFor(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.pause = { timer: setTimeout(resolve, ms), end: resolve };
    });
    this.pause = undefined;
  }

  private endPause(): void {
    if (!this.pause) return;
    clearTimeout(this.pause.timer);
    this.pause.end();
  }
}
