import { Inject, Injectable } from '@nestjs/common';
import { READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import { CountedAtScrape, METRIC_PREFIX, METRICS_REGISTRY } from '@healthcare/config/metrics';
import { Counter, Histogram, type Registry, type RegistryContentType } from 'prom-client';
import type { BatchItem, RejectionItem, WriteResult } from '../storage/batch.js';
import { checkedReadingId } from '../readings/reading-id.js';
import { conflictKey } from '../storage/statements.js';

const name = (suffix: string) => `${METRIC_PREFIX}subscriber_${suffix}`;

/** The topic of a message that carries no kind of reading. */
export type MessageKind = ReadingKind | 'unroutable';
const MESSAGE_KINDS: readonly MessageKind[] = [...READING_KINDS, 'unroutable'];

/**
 * The subscriber's counters and histograms (its gauges: SubscriberStateMetrics). The rejected and
 * conflicting counters carry the id of the last such reading as an exemplar (`reading_id`), when
 * the gateway gave it one.
 */
@Injectable()
export class MetricsService {
  /** Counted at scrape: a message costs a number's increment, not a label look-up. */
  private readonly receivedTotal: CountedAtScrape<MessageKind, 'kind'>;
  private readonly stored: Counter;
  private readonly duplicates: Counter;
  private readonly conflicts: Counter;
  private readonly rejected: Counter;
  private readonly batches: Counter;
  private readonly failedCommits: Counter;
  private readonly batchMessages: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly sendToCommitSeconds: Histogram;
  private readonly scoringRounds: Counter;
  private readonly scoringFailures: Counter;
  private readonly unscoredReadings: Counter;
  private readonly alertsPublished: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry<RegistryContentType>) {
    const registers = [registry];
    this.receivedTotal = new CountedAtScrape(
      {
        name: name('messages_received_total'),
        help: 'Messages the broker delivered (redeliveries included), by kind of reading; unroutable: a topic of no kind',
        labelNames: ['kind'],
        registers,
      },
      MESSAGE_KINDS,
      (kind) => ({ kind }),
    );
    this.stored = new Counter({
      name: name('readings_stored_total'),
      help: 'Readings written to their table',
      registers,
    });
    this.duplicates = new Counter({
      name: name('readings_duplicate_total'),
      help: 'Readings already stored with the same values (a redelivery or a resend), left as they were',
      registers,
    });
    this.conflicts = new Counter({
      name: name('readings_conflicting_total'),
      help: 'Readings whose sensor_id and timestamp were stored with other values (recorded in conflicting_reading)',
      registers,
      enableExemplars: true,
    });
    this.rejected = new Counter({
      name: name('messages_rejected_total'),
      help: 'Messages that are no valid reading, written to rejected_message',
      registers,
      enableExemplars: true,
    });
    this.batches = new Counter({
      name: name('batches_committed_total'),
      help: 'Batches committed, each in one transaction',
      registers,
    });
    this.failedCommits = new Counter({
      name: name('commit_failures_total'),
      help: 'Batch writes that failed (the batch is kept and written again)',
      registers,
    });
    this.batchMessages = new Histogram({
      name: name('batch_messages'),
      help: 'Messages per committed batch',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: name('commit_duration_seconds'),
      help: 'Time to write and commit a batch that committed',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.sendToCommitSeconds = new Histogram({
      name: name('send_to_commit_seconds'),
      help: "From a stored reading's timestamp (the device's clock) to its stored_at (the database's); a device clock ahead counts as 0",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.scoringRounds = new Counter({
      name: name('scoring_rounds_total'),
      help: 'NEWS2 scoring rounds done (each scores the patients behind the batches committed meanwhile)',
      registers,
    });
    this.scoringFailures = new Counter({
      name: name('scoring_failures_total'),
      help: 'NEWS2 scoring rounds that failed (logged; the readings stay stored)',
      registers,
    });
    this.unscoredReadings = new Counter({
      name: name('readings_unscored_total'),
      help: 'Readings left unscored because too many devices waited for scoring',
      registers,
    });
    this.alertsPublished = new Counter({
      name: name('alerts_published_total'),
      help: 'Alert changes published on the alerts topic',
      registers,
    });
  }

  received(kind: MessageKind): void {
    this.receivedTotal.add(kind);
  }

  commitFailed(): void {
    this.failedCommits.inc();
  }

  scoringRoundDone(): void {
    this.scoringRounds.inc();
  }

  scoringRoundFailed(): void {
    this.scoringFailures.inc();
  }

  readingUnscored(): void {
    this.unscoredReadings.inc();
  }

  alertPublished(): void {
    this.alertsPublished.inc();
  }

  /** A batch committed: what it wrote, with the readings' ids as exemplars. */
  recordBatch(result: WriteResult, items: readonly BatchItem[], seconds: number): void {
    this.stored.inc(result.inserted);
    this.duplicates.inc(result.duplicates);
    this.batches.inc();
    this.batchMessages.observe(items.length);
    this.commitSeconds.observe(seconds);
    for (const lag of result.sendToCommitSeconds)
      this.sendToCommitSeconds.observe(Math.max(0, lag));
    if (result.rejected > 0) {
      const last = items.findLast(
        (i): i is RejectionItem => i.kind === 'rejected' && i.readingId !== undefined,
      );
      incWithExemplar(this.rejected, result.rejected, last?.readingId);
    }
    if (result.conflicts > 0) {
      incWithExemplar(
        this.conflicts,
        result.conflicts,
        conflicting(items, result.conflictKeys).at(-1),
      );
    }
  }
}

function incWithExemplar(counter: Counter, value: number, readingId: string | undefined): void {
  counter.inc(
    readingId === undefined ? { value } : { value, exemplarLabels: { reading_id: readingId } },
  );
}

/** The ids of the batch's readings that conflicted (those the gateway gave one). */
export function conflicting(items: readonly BatchItem[], keys: readonly string[]): string[] {
  if (keys.length === 0) return [];
  const wanted = new Set(keys);
  const ids: string[] = [];
  for (const item of items) {
    if (item.kind === 'rejected') continue;
    if (wanted.has(conflictKey(item.kind, item.reading.sensor_id, item.reading.date))) {
      const id = checkedReadingId(item.readingIdProperty);
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}
