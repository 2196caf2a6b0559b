import { loadConfig } from '@healthcare/config';
import { assignDevice, sqlState } from '@healthcare/database';
import { applyMigrations, createTestDatabase, query, type TestDatabase } from '@healthcare/testing';
import type pg from 'pg';
import { ApiConfig } from '../config/api.config.js';
import { createDatabase } from './database.js';

describe('the API database sessions', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('api_sessions');
    await applyMigrations(db.url);
    // a server whose default zone is not UTC: the API's sessions must not depend on it
    await query(db.url, `ALTER DATABASE "${db.name}" SET timezone TO 'America/New_York'`);
    pool = createDatabase(
      loadConfig(ApiConfig, { DATABASE_URL: db.url, DATABASE_STATEMENT_TIMEOUT_MS: '300' }),
    );
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('are read-only: a write is refused by the server', async () => {
    const insert = pool.query(
      `INSERT INTO temperature (sensor_id, value, unit, "timestamp") VALUES ('T', 36.6, 'C', now())`,
    );
    await expect(insert).rejects.toThrow(/read-only transaction/);
    expect(sqlState(await insert.catch((e: unknown) => e))).toBe('25006');
  });

  it('read date-times without an offset as UTC', async () => {
    const { rows } = await pool.query<{ at: Date }>(
      `SELECT '2026-12-01T10:00:00'::timestamptz AS at`,
    );
    expect(rows[0].at.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('bound every statement by DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const sleep = pool.query('SELECT pg_sleep(5)');
    expect(sqlState(await sleep.catch((e: unknown) => e))).toBe('57014');
  });

  it('write an assignment only in a READ WRITE transaction of its own', async () => {
    const client = await pool.connect();
    try {
      const from = new Date('2026-12-01T10:00:00Z');
      const made = await assignDevice(client, 'Temp_001', 'p-1', from);
      expect(made).toMatchObject({ sensorId: 'Temp_001', patient: 'p-1', validFrom: from });
      // the session's default is still read-only afterwards
      const { rows } = await client.query<{ r: string }>('SELECT current_setting($1) AS r', [
        'transaction_read_only',
      ]);
      expect(rows[0].r).toBe('on');
    } finally {
      client.release();
    }
  });
});
