import { createMetricsRegistry } from '@healthcare/config/metrics';
import type { Registry, RegistryContentType } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';
import type { BatchItem } from '../storage/batch.js';
import { conflictKey } from '../storage/statements.js';
import { ScoringQueue, type Scorer, type VitalReading } from './scoring-queue.js';

const reading = (sensor_id: string, date: string): BatchItem => ({
  kind: 'heartRate',
  topic: 'heartRate',
  payload: '',
  receivedAt: new Date(),
  reading: { sensor_id, value: 80, unit: 'bpm', date },
});

/** A scorer whose rounds end when the test says so. */
class ControlledScorer implements Scorer {
  rounds: VitalReading[][] = [];
  private release: (() => void)[] = [];
  fail = false;

  score(readings: VitalReading[]): Promise<void> {
    this.rounds.push(readings);
    return new Promise((resolve, reject) =>
      this.release.push(() => (this.fail ? reject(new Error('no alert table')) : resolve())),
    );
  }

  finishAll(): void {
    for (const release of this.release.splice(0)) release();
  }
}

/** A counter's value as the registry serves it. */
async function count(registry: Registry<RegistryContentType>, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ScoringQueue', () => {
  let scorer: ControlledScorer;
  let metrics: MetricsService;
  let registry: Registry<RegistryContentType>;

  beforeEach(() => {
    scorer = new ControlledScorer();
    registry = createMetricsRegistry();
    metrics = new MetricsService(registry);
  });

  it('returns at once and scores each device once per round, at its newest reading', async () => {
    const queue = new ScoringQueue(scorer, metrics, 100);
    queue.committed([
      reading('a', '2026-01-01T00:00:01Z'),
      reading('a', '2026-01-01T00:00:03Z'),
      reading('b', '2026-01-01T00:00:02Z'),
    ]);
    expect(scorer.rounds).toEqual([
      [
        { sensorId: 'a', at: new Date('2026-01-01T00:00:03Z'), parameter: 'pulse', value: 80 },
        { sensorId: 'b', at: new Date('2026-01-01T00:00:02Z'), parameter: 'pulse', value: 80 },
      ],
    ]);
    // what commits while a round runs waits for the next one, gathered
    queue.committed([reading('c', '2026-01-01T00:00:04Z')]);
    queue.committed([reading('c', '2026-01-01T00:00:05Z')]);
    expect(scorer.rounds).toHaveLength(1);
    scorer.finishAll();
    await settle();
    expect(scorer.rounds[1]).toEqual([
      { sensorId: 'c', at: new Date('2026-01-01T00:00:05Z'), parameter: 'pulse', value: 80 },
    ]);
    scorer.finishAll();
    await queue.idle();
    expect(await count(registry, 'healthcare_subscriber_scoring_rounds_total')).toBe(2);
  });

  it('starts a round at least intervalMs after the one before, with what gathered meanwhile', async () => {
    jest.useFakeTimers();
    try {
      const queue = new ScoringQueue(scorer, metrics, 100, 500);
      queue.committed([reading('a', '2026-01-01T00:00:01Z')]);
      expect(scorer.rounds).toHaveLength(1);
      scorer.finishAll();
      await jest.advanceTimersByTimeAsync(100);
      queue.committed([reading('b', '2026-01-01T00:00:02Z')]);
      queue.committed([reading('c', '2026-01-01T00:00:03Z')]);
      await jest.advanceTimersByTimeAsync(399);
      expect(scorer.rounds).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(scorer.rounds[1]?.map((r) => r.sensorId)).toEqual(['b', 'c']);
      scorer.finishAll();
      // after a quiet spell longer than the interval, a reading is scored at once
      await jest.advanceTimersByTimeAsync(2000);
      queue.committed([reading('d', '2026-01-01T00:00:04Z')]);
      expect(scorer.rounds).toHaveLength(3);
      scorer.finishAll();
      await queue.idle();
    } finally {
      jest.useRealTimers();
    }
  });

  it('scores what waits at once on shutdown, without waiting for the interval', async () => {
    jest.useFakeTimers();
    try {
      const queue = new ScoringQueue(scorer, metrics, 100, 1000);
      queue.committed([reading('a', '2026-01-01T00:00:01Z')]);
      scorer.finishAll();
      await jest.advanceTimersByTimeAsync(10);
      queue.committed([reading('b', '2026-01-01T00:00:02Z')]);
      const stopped = queue.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(0);
      expect(scorer.rounds).toHaveLength(2);
      scorer.finishAll();
      await stopped;
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds at most maxDevices devices and counts the readings it leaves unscored', async () => {
    const queue = new ScoringQueue(scorer, metrics, 2);
    scorer.score = () => new Promise(() => undefined); // a round that never ends
    queue.committed([reading('a', '2026-01-01T00:00:01Z')]);
    queue.committed([
      reading('b', '2026-01-01T00:00:01Z'),
      reading('c', '2026-01-01T00:00:01Z'),
      reading('d', '2026-01-01T00:00:01Z'),
      reading('b', '2026-01-01T00:00:02Z'),
    ]);
    expect(await count(registry, 'healthcare_subscriber_readings_unscored_total')).toBe(1);
  });

  it('counts a failed round and goes on with the next', async () => {
    const queue = new ScoringQueue(scorer, metrics, 100);
    scorer.fail = true;
    queue.committed([reading('a', '2026-01-01T00:00:01Z')]);
    scorer.finishAll();
    await queue.idle();
    expect(await count(registry, 'healthcare_subscriber_scoring_failures_total')).toBe(1);
    scorer.fail = false;
    queue.committed([reading('a', '2026-01-01T00:00:02Z')]);
    scorer.finishAll();
    await queue.idle();
    expect(await count(registry, 'healthcare_subscriber_scoring_rounds_total')).toBe(1);
  });

  it("hands each reading's stored value, none for a reading whose key the table kept with another", () => {
    const queue = new ScoringQueue(scorer, metrics, 100);
    const pressure: BatchItem = {
      kind: 'pressure',
      topic: 'pressure',
      payload: '',
      receivedAt: new Date(),
      reading: {
        sensor_id: 'bp',
        systolic: 85,
        diastolic: 50,
        unit: 'mmHg',
        date: '2026-01-01T00:00:01Z',
      },
    };
    const temperature: BatchItem = {
      kind: 'temperature',
      topic: 'temperature',
      payload: '',
      receivedAt: new Date(),
      reading: { sensor_id: 'tp', value: 39.5, unit: 'C', date: '2026-01-01T00:00:01.5Z' },
    };
    queue.committed(
      [pressure, temperature, reading('hr', '2026-01-01T00:00:02Z')],
      [conflictKey('temperature', 'tp', '2026-01-01T00:00:01.5Z')],
    );
    expect(scorer.rounds[0]).toEqual([
      { sensorId: 'bp', at: new Date('2026-01-01T00:00:01Z'), parameter: 'systolic', value: 85 },
      { sensorId: 'tp', at: new Date('2026-01-01T00:00:01.5Z'), parameter: 'temperature' },
      { sensorId: 'hr', at: new Date('2026-01-01T00:00:02Z'), parameter: 'pulse', value: 80 },
    ]);
  });

  it('ignores rejected messages', () => {
    const queue = new ScoringQueue(scorer, metrics, 100);
    queue.committed([
      { kind: 'rejected', topic: 't', payload: 'x', reason: 'bad', receivedAt: new Date() },
    ]);
    expect(scorer.rounds).toEqual([]);
  });
});
