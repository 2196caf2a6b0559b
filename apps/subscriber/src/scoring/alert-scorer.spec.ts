import { createMetricsRegistry } from '@healthcare/config/metrics';
import type { AlertMessage } from '@healthcare/contracts';
import { assignDevice, type DeviceReading } from '@healthcare/database';
import { applyMigrations, createTestDatabase, query, type TestDatabase } from '@healthcare/testing';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { MetricsService } from '../metrics/metrics.service.js';
import { AlertScorer } from './alert-scorer.js';

const HEALTHY_PATIENTS = 50;

/** The scorer against a database of its own; what it publishes and the statements it sends. */
describe('AlertScorer', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let scorer: AlertScorer;
  const published: AlertMessage[] = [];
  const statements: string[] = [];
  let clock = Date.now() - 60_000;

  /** Stores a pulse of `sensorId` a second after the last reading, as the storage would. */
  async function pulse(sensorId: string, value: number): Promise<DeviceReading> {
    const at = new Date((clock += 1000));
    await query(
      db.url,
      `INSERT INTO heart_rate (sensor_id, value, unit, "timestamp") VALUES ($1, $2, 'bpm', $3)`,
      [sensorId, value, at],
    );
    return { sensorId, at };
  }

  async function round(readings: DeviceReading[]): Promise<string[]> {
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
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
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
    scorer = new AlertScorer(pool, publish, new MetricsService(createMetricsRegistry()), '', 3600);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    jest.restoreAllMocks();
  });

  beforeEach(() => {
    published.length = 0;
  });

  it('scores patients whose alerts need no change without a transaction, in a few statements', async () => {
    const readings: DeviceReading[] = [];
    for (let i = 0; i < HEALTHY_PATIENTS; i++) readings.push(await pulse(`hr-${i}`, 70));
    const sent = await round(readings);
    expect(sent.filter((s) => /^\s*BEGIN/i.test(s))).toEqual([]);
    // the patients, their vitals, their notifications, their open alerts: not one per patient
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(published).toEqual([]);
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
});
