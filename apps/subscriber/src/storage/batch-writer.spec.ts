import { Logger } from '@nestjs/common';
import { createMetricsRegistry } from '@healthcare/config/metrics';
import { ShuttingDownError } from '../errors/subscriber-errors.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { rejection, type BatchItem, type BatchStore, type WriteResult } from './batch.js';
import { BatchWriter, type BatchWriterOptions } from './batch-writer.js';

/** A store whose writes the test completes or fails, one by one. */
class ControlledStore implements BatchStore {
  readonly writes: { items: BatchItem[]; commit: () => void; fail: (err: Error) => void }[] = [];

  write(items: BatchItem[]): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.writes.push({
        items,
        commit: () =>
          resolve({
            inserted: items.length,
            duplicates: 0,
            conflicts: 0,
            rejected: 0,
            sendToCommitSeconds: [],
            conflictKeys: [],
          }),
        fail: reject,
      });
    });
  }

  payloads(write: number): string[] {
    return this.writes[write].items.map((i) => i.payload);
  }
}

const item = (payload: string): BatchItem => rejection('t', payload, 'r', new Date(0));

/** Tracks a promise's outcome without awaiting it. */
function track(promise: Promise<void>) {
  const state = {
    settled: 'pending' as 'pending' | 'resolved' | 'rejected',
    error: undefined as unknown,
  };
  promise.then(
    () => (state.settled = 'resolved'),
    (err: unknown) => {
      state.settled = 'rejected';
      state.error = err;
    },
  );
  return state;
}

describe('BatchWriter', () => {
  let store: ControlledStore;
  let metrics: MetricsService;
  let registry: ReturnType<typeof createMetricsRegistry>;
  /** The value of the subscriber's metric `healthcare_subscriber_<name>` (no labels). */
  const metric = async (name: string) =>
    (await registry.getSingleMetric(`healthcare_subscriber_${name}`)!.get()).values[0]?.value;
  let errors: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    store = new ControlledStore();
    registry = createMetricsRegistry();
    metrics = new MetricsService(registry);
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const writer = (options: Partial<BatchWriterOptions> = {}) =>
    new BatchWriter(
      store,
      {
        batchSize: 3,
        flushMs: 50,
        shutdownTimeoutMs: 1000,
        retryMinMs: 100,
        retryMaxMs: 400,
        ...options,
      },
      metrics,
    );

  it('writes a batch as soon as it holds BATCH_SIZE messages', async () => {
    const w = writer({ flushMs: 60_000 });
    const added = ['a', 'b', 'c'].map((p) => track(w.add(item(p))));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.writes).toHaveLength(1);
    expect(store.payloads(0)).toEqual(['a', 'b', 'c']);
    expect(added.map((a) => a.settled)).toEqual(['pending', 'pending', 'pending']);

    store.writes[0].commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(added.map((a) => a.settled)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(await metric('batches_committed_total')).toBe(1);
    expect(await metric('readings_stored_total')).toBe(3);
  });

  it('writes a smaller batch FLUSH_MS after its first message', async () => {
    const w = writer({ batchSize: 100, flushMs: 50 });
    void w.add(item('a'));
    await jest.advanceTimersByTimeAsync(30);
    void w.add(item('b'));
    await jest.advanceTimersByTimeAsync(19);
    expect(store.writes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.writes).toHaveLength(1);
    expect(store.payloads(0)).toEqual(['a', 'b']);
  });

  it('writes one batch at a time while the next one fills', async () => {
    const w = writer({ batchSize: 2, flushMs: 60_000 });
    for (const p of ['a', 'b', 'c', 'd', 'e']) void w.add(item(p));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.writes).toHaveLength(1);
    expect(w.pendingCount).toBe(5);

    store.writes[0].commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(store.writes).toHaveLength(2);
    expect(store.payloads(1)).toEqual(['c', 'd']);

    store.writes[1].commit();
    await jest.advanceTimersByTimeAsync(0);
    // 'e' is alone: it waits for its FLUSH_MS, or for company
    expect(store.writes).toHaveLength(2);
    void w.add(item('f'));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.payloads(2)).toEqual(['e', 'f']);
  });

  it('keeps a batch the database refused and retries it with growing pauses, logging once', async () => {
    const w = writer();
    const added = ['a', 'b', 'c'].map((p) => track(w.add(item(p))));
    await jest.advanceTimersByTimeAsync(0);
    store.writes[0].fail(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await jest.advanceTimersByTimeAsync(0);
    expect(w.writeFailure).toMatch(/ECONNREFUSED/);

    await jest.advanceTimersByTimeAsync(99);
    expect(store.writes).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1); // first pause: 100 ms
    expect(store.writes).toHaveLength(2);
    store.writes[1].fail(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    await jest.advanceTimersByTimeAsync(199);
    expect(store.writes).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1); // then 200 ms
    expect(store.payloads(2)).toEqual(['a', 'b', 'c']);
    expect(added.every((a) => a.settled === 'pending')).toBe(true);

    store.writes[2].commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(added.every((a) => a.settled === 'resolved')).toBe(true);
    expect(w.writeFailure).toBeUndefined();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(await metric('commit_failures_total')).toBe(2);
    expect(await metric('batches_committed_total')).toBe(1);
  });

  it('caps the pause between retries', async () => {
    const w = writer({ retryMinMs: 100, retryMaxMs: 400 });
    void w.add(item('a'));
    await jest.advanceTimersByTimeAsync(50);
    for (const pause of [100, 200, 400, 400]) {
      store.writes.at(-1)!.fail(new Error('down'));
      const before = store.writes.length;
      await jest.advanceTimersByTimeAsync(pause - 1);
      expect(store.writes).toHaveLength(before);
      await jest.advanceTimersByTimeAsync(1);
      expect(store.writes).toHaveLength(before + 1);
    }
  });

  it('on drain, writes what it holds at once and refuses new messages', async () => {
    const w = writer({ batchSize: 100, flushMs: 60_000 });
    const a = track(w.add(item('a')));
    const drained = track(w.drain(1000));
    await jest.advanceTimersByTimeAsync(0);
    expect(store.payloads(0)).toEqual(['a']);
    await expect(w.add(item('late'))).rejects.toBeInstanceOf(ShuttingDownError);

    store.writes[0].commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(a.settled).toBe('resolved');
    expect(drained.settled).toBe('resolved');
  });

  it('gives up on drain after the timeout, leaving the messages unacknowledged', async () => {
    const w = writer({ batchSize: 2 });
    const added = ['a', 'b', 'c'].map((p) => track(w.add(item(p))));
    const drained = track(w.drain(1000));
    await jest.advanceTimersByTimeAsync(0);
    store.writes[0].fail(new Error('down'));
    await jest.advanceTimersByTimeAsync(999);
    expect(drained.settled).toBe('pending');
    store.writes.at(-1)!.fail(new Error('down'));
    await jest.advanceTimersByTimeAsync(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(drained.settled).toBe('resolved');
    expect(added.map((a) => a.settled)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(added[0].error).toBeInstanceOf(ShuttingDownError);
  });
});
