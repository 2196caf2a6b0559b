import { Injectable } from '@nestjs/common';
import type { WriteResult } from '../storage/batch.js';

/** Counters since the process started, served on GET /metrics. */
@Injectable()
export class MetricsService {
  /** Messages handed to the subscriber by the broker (redeliveries included). */
  received = 0;
  /** Rows added to the reading tables. */
  inserted = 0;
  /** Readings that were already stored. */
  duplicates = 0;
  /** Readings whose sensor_id and timestamp were stored with other values (conflicting_reading). */
  conflicts = 0;
  /** Rows added to rejected_message. */
  rejected = 0;
  /** Transactions committed. */
  batches = 0;
  /** Batch writes that failed and were retried. */
  failedCommits = 0;
  /** Scoring rounds done (each scores the patients behind the batches committed meanwhile). */
  scoringRounds = 0;
  /** Scoring rounds that failed: logged, the readings stay stored. */
  scoringFailures = 0;
  /** Readings left unscored because too many devices waited. */
  unscoredReadings = 0;
  /** Alert changes published on the alerts topic. */
  alertsPublished = 0;

  recordBatch(result: WriteResult): void {
    this.inserted += result.inserted;
    this.duplicates += result.duplicates;
    this.conflicts += result.conflicts;
    this.rejected += result.rejected;
    this.batches += 1;
  }
}
