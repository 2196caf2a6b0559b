import { READING_KINDS } from '@healthcare/contracts';
import {
  applyMigrations,
  createTestDatabase,
  query,
  testPool,
  type TestDatabase,
} from '@healthcare/testing';
import type pg from 'pg';
import type { Database } from '../database/database.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { AggregatesRepository } from './aggregates.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ReadingsRepository } from './readings.repository.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const READING_TABLES = ['temperature', 'heart_rate', 'pressure'];
const SENSORS = 200;
const ROWS_PER_SENSOR = 500;

/**
 * Every statement the API sends for readings and devices, explained on tables large enough
 * that PostgreSQL would read them whole if no index served the query.
 */
describe('query plans of the read API', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const plans: { sql: string; plan: PlanNode }[] = [];

  /** A Database that explains each statement instead of running it, and answers no rows. */
  const explaining = {
    async query(statement: string | { text: string; values: unknown[] }, params?: unknown[]) {
      const { text: sql, values } =
        typeof statement === 'string' ? { text: statement, values: params } : statement;
      const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        values,
      );
      plans.push({ sql, plan: rows[0]['QUERY PLAN'][0].Plan });
      return { rows: [] };
    },
  } as unknown as Database;

  beforeAll(async () => {
    db = await createTestDatabase('api_plans');
    await applyMigrations(db.url);
    const fill = (table: string, values: string) =>
      query(
        db.url,
        `INSERT INTO ${table} SELECT nextval('${table}_id_seq'), 'S' || lpad(s::text, 4, '0'), ${values},
                '2026-01-01T00:00:00Z'::timestamptz + r * interval '1 minute', now()
           FROM generate_series(1, ${SENSORS}) s, generate_series(1, ${ROWS_PER_SENSOR}) r`,
      );
    await fill('temperature', `36.6, 'C'`);
    await fill('heart_rate', `72, 'bpm'`);
    await fill('pressure', `120.0, 80.0, 'mmHg'`);
    await query(
      db.url,
      `INSERT INTO assignment (sensor_id, patient, valid_from, valid_to)
       SELECT 'S' || lpad(s::text, 4, '0'), 'p-' || s, '2026-01-01', NULL FROM generate_series(1, ${SENSORS}) s`,
    );
    for (const table of [...READING_TABLES, 'assignment']) await query(db.url, `ANALYZE ${table}`);
    pool = testPool(db.url);

    const readings = new ReadingsRepository(explaining);
    const aggregates = new AggregatesRepository(explaining);
    const devices = new DevicesRepository(explaining, readings);
    const range = {
      lower: { at: '2026-01-01T02:00:00Z', inclusive: true },
      upper: { at: '2026-01-01T05:00:00Z', inclusive: false },
    };
    const cursor = decodeCursor(
      encodeCursor({ t: '2026-01-01T03:00:00.000000Z', s: 'S0007', k: 1 }),
    );
    for (const subject of [
      { sensorId: 'S0007' },
      { patient: 'p-7' },
      { sensorId: 'S0007', patient: 'p-7' },
      { sensorId: 'S0007', assignedOnly: true },
    ]) {
      await readings.page({ kinds: ['temperature'], subject, range: {}, limit: 100 });
      await readings.page({ kinds: READING_KINDS, subject, range, cursor, limit: 100 });
      await aggregates.buckets('pressure', subject, range, 300);
    }
    await readings.byId('heartRate', 12345);
    await devices.sensorIds(undefined, '', 51);
    await devices.sensorIds(undefined, 'S0100', 51);
    await devices.sensorIds('p-7', '', 51);
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('read the reading tables by index only, never by a sequential scan', () => {
    expect(plans.length).toBeGreaterThan(10);
    for (const { sql, plan } of plans) {
      const scans = nodes(plan).filter((n) => READING_TABLES.includes(n['Relation Name'] ?? ''));
      const seq = scans.filter((n) => n['Node Type'] === 'Seq Scan');
      if (seq.length > 0)
        throw new Error(`sequential scan of ${seq[0]['Relation Name']} in:\n${sql}`);
      // a statement that names a reading table reads it (the patient's device list reads only assignments)
      if (/\b(FROM|JOIN) (temperature|heart_rate|pressure)\b/.test(sql)) {
        expect(scans.length).toBeGreaterThan(0);
      }
      for (const scan of scans)
        expect(scan['Node Type']).toMatch(/^(Index|Index Only|Bitmap Heap) Scan$/);
    }
  });
});

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
