import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { measuredVital } from '@healthcare/database';
import type { Parameter } from '@healthcare/early-warning';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { BatchItem } from '../storage/batch.js';
import { conflictKey } from '../storage/statements.js';

/** A committed reading of a device, with the value stored for it. */
export interface VitalReading {
  sensorId: string;
  at: Date;
  parameter: Parameter;
  /** Undefined when the table kept another value for this reading's key (a conflict). */
  value?: number;
}

/** Scores the patients behind committed readings (AlertScorer). */
export interface Scorer {
  score(readings: VitalReading[]): Promise<void>;
}

/**
 * Takes committed batches and scores them off the storage path: `committed` only notes each
 * device's newest reading and returns; one loop scores what has gathered, one round at a
 * time, so readings that arrive while a round runs are scored together in the next. A round
 * starts at least `intervalMs` after the one before: under a steady load a round's cost goes with
 * the patients in it, not with the readings, so fewer rounds cost less per reading. It holds at
 * most `maxDevices` devices: beyond them, readings go unscored (counted), and storage goes on.
 * A failed round is logged and counted; the readings stay stored and acknowledged.
 */
export class ScoringQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(ScoringQueue.name);
  private waiting = new Map<string, VitalReading>();
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

  /** `conflictKeys`: the readings whose key the table held with other values (WriteResult). */
  committed(items: readonly BatchItem[], conflictKeys: readonly string[] = []): void {
    if (this.stopped) return;
    const conflicts = new Set(conflictKeys);
    for (const item of items) {
      if (item.kind === 'rejected') continue;
      const { sensor_id: sensorId, date } = item.reading;
      const at = new Date(date);
      const known = this.waiting.get(sensorId);
      if (known ? at <= known.at : this.waiting.size >= this.maxDevices) {
        if (!known) this.metrics.readingUnscored();
        continue;
      }
      const { parameter, value } = measuredVital(item.kind, item.reading);
      const conflicted =
        conflicts.size > 0 && conflicts.has(conflictKey(item.kind, sensorId, date));
      this.waiting.set(sensorId, {
        sensorId,
        at,
        parameter,
        value: conflicted ? undefined : value,
      });
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
        const round = [...this.waiting.values()];
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
