import { createMetricsRegistry } from '@healthcare/config/metrics';
import type { AlertMessage } from '@healthcare/contracts';
import { applyScore, assignDevice } from '@healthcare/database';
import { currentScore } from '@healthcare/early-warning';
import {
  applyMigrations,
  createTestDatabase,
  query,
  testPool,
  type TestDatabase,
} from '@healthcare/testing';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { MetricsService } from '../metrics/metrics.service.js';
import { AlertScorer } from './alert-scorer.js';
import { AssignmentFollower } from './assignment-follower.js';
import { ScoringCache } from './scoring-cache.js';
import type { VitalReading } from './scoring-queue.js';

// a real database: each round is a few statements, but a loaded machine stretches them past
// jest's default limit (as the broker specs beside it allow)
jest.setTimeout(20_000);

const HEALTHY_PATIENTS = 50;

/** The scorer against a database of its own; what it publishes and the statements it sends. */
describe('AlertScorer', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let scorer: AlertScorer;
  let follower: AssignmentFollower;
  /** The cache's clock: what is kept expires as it moves. */
  let cacheNow = 1000;
  const published: AlertMessage[] = [];
  const statements: string[] = [];
  let clock = Date.now() - 60_000;

  /** Stores a pulse of `sensorId` a second after the last reading, as the storage would. */
  async function pulse(sensorId: string, value: number): Promise<VitalReading> {
    const at = new Date((clock += 1000));
    await query(
      db.url,
      `INSERT INTO heart_rate (sensor_id, value, unit, "timestamp") VALUES ($1, $2, 'bpm', $3)`,
      [sensorId, value, at],
    );
    return { sensorId, at, parameter: 'pulse', value };
  }

  /** A pulse of each healthy patient's device, stored at once. */
  async function pulses(value: number): Promise<VitalReading[]> {
    const at = new Date((clock += 1000));
    const readings = Array.from({ length: HEALTHY_PATIENTS }, (_, i): VitalReading => ({
      sensorId: `hr-${i}`,
      at,
      parameter: 'pulse',
      value,
    }));
    await query(
      db.url,
      `INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
       SELECT s, $2, 'bpm', $3 FROM unnest($1::text[]) AS s`,
      [readings.map((r) => r.sensorId), value, at],
    );
    return readings;
  }

  async function temperature(sensorId: string, value: number): Promise<VitalReading> {
    const at = new Date((clock += 1000));
    await query(
      db.url,
      `INSERT INTO temperature (sensor_id, value, unit, "timestamp") VALUES ($1, $2, 'C', $3)`,
      [sensorId, value, at],
    );
    return { sensorId, at, parameter: 'temperature', value };
  }

  async function pressure(sensorId: string, systolic: number): Promise<VitalReading> {
    const at = new Date((clock += 1000));
    await query(
      db.url,
      `INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
       VALUES ($1, $2, 50, 'mmHg', $3)`,
      [sensorId, systolic, at],
    );
    return { sensorId, at, parameter: 'systolic', value: systolic };
  }

  async function assign(sensorId: string, patient: string, from: Date): Promise<void> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await assignDevice(client, sensorId, patient, from);
    } finally {
      await client.end();
    }
  }

  const openCauses = async (patient: string) =>
    (
      await query<{ cause: string }>(
        db.url,
        `SELECT cause FROM alert WHERE patient = $1 AND closed_at IS NULL ORDER BY cause`,
        [patient],
      )
    ).map((r) => r.cause);

  async function round(readings: VitalReading[]): Promise<string[]> {
    statements.length = 0;
    await scorer.score(readings);
    return [...statements];
  }

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    db = await createTestDatabase('scorer');
    await applyMigrations(db.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const since = new Date(Date.now() - 3600_000);
      for (let i = 0; i < HEALTHY_PATIENTS; i++) {
        await assignDevice(client, `hr-${i}`, `p-${i}`, since);
      }
      await assignDevice(client, 'hr-ill', 'p-ill', since);
    } finally {
      await client.end();
    }
    pool = testPool(db.url);
    pool.on('connect', (client) => {
      const send = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const [first] = args;
        statements.push(typeof first === 'string' ? first : String((first as pg.QueryConfig).text));
        return send(...args);
      };
    });
    const publish = (_topic: string, payload: string) => {
      published.push(JSON.parse(payload) as AlertMessage);
      return Promise.resolve();
    };
    const cache = new ScoringCache({ max: 1000, refreshMs: 5000, perf: { now: () => cacheNow } });
    follower = new AssignmentFollower({
      databaseUrl: db.url,
      statementTimeoutMs: 5000,
      onChange: () => cache.drop(),
    });
    const metrics = new MetricsService(createMetricsRegistry());
    scorer = new AlertScorer(pool, cache, follower, publish, metrics, '', 3600);
  });

  afterAll(async () => {
    await follower?.onApplicationShutdown();
    await pool?.end();
    await db?.drop();
    jest.restoreAllMocks();
  });

  beforeEach(() => {
    published.length = 0;
  });

  it('scores patients whose alerts need no change without a transaction, in a few statements', async () => {
    const sent = await round(await pulses(70));
    expect(sent.filter((s) => /^\s*BEGIN/i.test(s))).toEqual([]);
    // the devices' assignments, the patients' vitals, their open alerts, their notifications
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(published).toEqual([]);

    // the next readings: assignments and vitals are known, the round's own values added
    const warm = await round(await pulses(72));
    expect(warm.filter((s) => /FROM assignment|LATERAL/.test(s))).toEqual([]);
    expect(warm.length).toBeLessThanOrEqual(2);
  });

  it('writes an alert only when the values say something new, and publishes only a change', async () => {
    const first = await pulse('hr-ill', 135);
    await round([first]);
    expect(published.map((a) => [a.change, a.cause, a.value])).toEqual([['opened', 'pulse', 135]]);
    const [{ updated_at: opened }] = await query<{ updated_at: Date }>(
      db.url,
      `SELECT updated_at FROM alert WHERE patient = 'p-ill' AND closed_at IS NULL`,
    );

    // the same newest value again (another device's reading, say): nothing to write
    published.length = 0;
    const again = await round([first]);
    expect(again.filter((s) => /^\s*BEGIN/i.test(s))).toEqual([]);
    const [{ updated_at: unchanged }] = await query<{ updated_at: Date }>(
      db.url,
      `SELECT updated_at FROM alert WHERE patient = 'p-ill' AND closed_at IS NULL`,
    );
    expect(unchanged).toEqual(opened);

    // a newer value with the same score: stored in the alert, not published
    await round([await pulse('hr-ill', 135)]);
    const [{ observed_at: newer }] = await query<{ observed_at: Date }>(
      db.url,
      `SELECT observed_at FROM alert WHERE patient = 'p-ill' AND closed_at IS NULL`,
    );
    expect(newer.getTime()).toBe(clock);
    expect(published).toEqual([]);

    await round([await pulse('hr-ill', 138)]);
    expect(published.map((a) => [a.change, a.value])).toEqual([['updated', 138]]);
    await round([await pulse('hr-ill', 70)]);
    expect(published.map((a) => [a.change, a.value])).toEqual([
      ['updated', 138],
      ['closed', 138],
    ]);
  });

  it("scores a device's next reading for the patient it was moved to", async () => {
    await assign('hr-moved', 'p-before', new Date(clock - 3600_000));
    await round([await pulse('hr-moved', 72)]);
    await assign('hr-moved', 'p-after', new Date(clock + 500));
    await round([await pulse('hr-moved', 135)]);
    expect(published.map((a) => [a.change, a.patient, a.cause])).toEqual([
      ['opened', 'p-after', 'pulse'],
    ]);
    expect(await openCauses('p-before')).toEqual([]);
  });

  it('decides an alert change on the stored values, not on what it keeps', async () => {
    await assign('hr-a', 'p-shared', new Date(clock - 3600_000));
    await assign('tp-a', 'p-shared', new Date(clock - 3600_000));
    await round([await pulse('hr-a', 135)]);
    expect(await openCauses('p-shared')).toEqual(['pulse']);
    // another replica stores a newer pulse and closes the alert; this one keeps 135
    const { value, at } = await pulse('hr-a', 70);
    const stored = { pulse: { value: value!, at } };
    const client = await pool.connect();
    try {
      await applyScore(client, 'p-shared', stored, currentScore(stored, Date.now(), 3600));
    } finally {
      client.release();
    }
    expect(await openCauses('p-shared')).toEqual([]);
    published.length = 0;
    // a reading of another parameter: 135 from memory would open the alert again
    await round([await temperature('tp-a', 37)]);
    expect(published).toEqual([]);
    expect(await openCauses('p-shared')).toEqual([]);
  });

  it('counts a value another replica stored once what it keeps is older than the refresh', async () => {
    // 39.5 °C scores 2 and pulse 125 scores 2: 4, below the partial-sum threshold
    await assign('hr-r', 'p-replicas', new Date(clock - 3600_000));
    await assign('tp-r', 'p-replicas', new Date(clock - 3600_000));
    await assign('bp-r', 'p-replicas', new Date(clock - 3600_000));
    await round([await temperature('tp-r', 39.5), await pulse('hr-r', 125)]);
    // another replica stores systolic 95 (2): the sum is 6, but its round saw only its own values
    await pressure('bp-r', 95);
    await round([await pulse('hr-r', 125)]);
    expect(await openCauses('p-replicas')).toEqual([]);
    cacheNow += 5001;
    await round([await pulse('hr-r', 125)]);
    expect(await openCauses('p-replicas')).toEqual(['partial-sum']);
  });
});
