import { createMetricsRegistry } from '@healthcare/config/metrics';
import { rejection, type BatchItem, type WriteResult } from '../storage/batch.js';
import { conflictKey } from '../storage/statements.js';
import { conflicting, MetricsService } from './metrics.service.js';

const at = new Date('2026-01-01T00:00:00.000Z');
/** A reading id as it comes: the Correlation Data's bytes. */
const id = (text: string) => Buffer.from(text, 'latin1');
const reading = (sensor_id: string, readingIdProperty?: unknown): BatchItem => ({
  kind: 'temperature',
  reading: { sensor_id, value: 36.6, unit: 'C', date: '2026-01-01T00:00:00.000Z' },
  topic: 'temperature',
  payload: '{}',
  receivedAt: at,
  readingIdProperty,
});
const result = (more: Partial<WriteResult>): WriteResult => ({
  inserted: 0,
  duplicates: 0,
  conflicts: 0,
  rejected: 0,
  sendToCommitSeconds: [],
  conflictKeys: [],
  ...more,
});

describe("the subscriber's metrics", () => {
  it('finds the ids of the readings that conflicted', () => {
    const items = [
      reading('a', id('id-a')),
      reading('b', id('id-b')),
      reading('c'),
      reading('d', id('a b')),
    ];
    const keys = ['b', 'c', 'd'].map((s) =>
      conflictKey('temperature', s, '2026-01-01T00:00:00.000Z'),
    );
    // a property that is no well-formed id is not shown
    expect(conflicting(items, keys)).toEqual(['id-b']);
  });

  it('serves counts, histograms and the last rejected and conflicting reading ids as exemplars', async () => {
    const registry = createMetricsRegistry();
    const metrics = new MetricsService(registry);
    metrics.received('temperature');
    metrics.received('unroutable');
    const items = [
      reading('a', id('id-a')),
      reading('b', id('id-b')),
      rejection('temperature', 'x', 'malformed', at, id('id-r')),
    ];
    const key = conflictKey('temperature', 'b', '2026-01-01T00:00:00.000Z');
    metrics.recordBatch(
      result({
        inserted: 1,
        conflicts: 1,
        rejected: 1,
        sendToCommitSeconds: [0.2],
        conflictKeys: [key],
      }),
      items,
      0.004,
    );
    const text = await registry.metrics();
    expect(text).toMatch(
      /^healthcare_subscriber_messages_received_total\{kind="temperature"\} 1$/m,
    );
    expect(text).toMatch(/^healthcare_subscriber_messages_received_total\{kind="unroutable"\} 1$/m);
    expect(text).toMatch(/^healthcare_subscriber_readings_stored_total 1$/m);
    expect(text).toMatch(
      /^healthcare_subscriber_messages_rejected_total 1 # \{reading_id="id-r"\} 1 [\d.]+$/m,
    );
    expect(text).toMatch(
      /^healthcare_subscriber_readings_conflicting_total 1 # \{reading_id="id-b"\} 1 [\d.]+$/m,
    );
    expect(text).toMatch(/^healthcare_subscriber_send_to_commit_seconds_bucket\{le="0.1"\} 0$/m);
    expect(text).toMatch(/^healthcare_subscriber_send_to_commit_seconds_bucket\{le="0.25"\} 1$/m);
    expect(text).toMatch(/^healthcare_subscriber_batch_messages_bucket\{le="5"\} 1$/m);
    expect(text).toMatch(/^healthcare_subscriber_commit_duration_seconds_count 1$/m);
    expect(text).toMatch(/# EOF\n$/);
  });

  it('adds the messages received since the last scrape, once', async () => {
    const registry = createMetricsRegistry();
    const metrics = new MetricsService(registry);
    const received = async (kind: string) =>
      new RegExp(
        `^healthcare_subscriber_messages_received_total\\{kind="${kind}"\\} (\\d+)$`,
        'm',
      ).exec(await registry.metrics())?.[1];
    metrics.received('heartRate');
    metrics.received('heartRate');
    expect(await received('heartRate')).toBe('2');
    expect(await received('heartRate')).toBe('2');
    metrics.received('heartRate');
    expect(await received('heartRate')).toBe('3');
    expect(await received('pressure')).toBe('0');
  });
});
