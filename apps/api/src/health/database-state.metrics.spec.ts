import { loadConfig } from '@healthcare/config';
import { createTestDatabase, type TestDatabase } from '@healthcare/testing';
import { createServer, type Server, type Socket } from 'node:net';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { ApiConfig } from '../config/api.config.js';
import { createDatabase } from '../database/database.js';
import { DatabaseProbe } from './database-probe.js';
import { DatabaseStateMetrics, PROBE_LIMIT_MS } from './database-state.metrics.js';

const poolOn = (url: string) => createDatabase(loadConfig(ApiConfig, { DATABASE_URL: url }));

async function gauge(pool: pg.Pool): Promise<{ value: number; ms: number }> {
  const registry = new Registry();
  new DatabaseStateMetrics(registry, new DatabaseProbe(pool));
  const started = Date.now();
  const metric = await registry.getSingleMetric('healthcare_api_database_up')!.get();
  return { value: metric.values[0].value, ms: Date.now() - started };
}

describe('healthcare_api_database_up', () => {
  let db: TestDatabase;
  let mute: Server;
  const sockets: Socket[] = [];
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('api_probe');
    // a "database" that takes connections and never answers: one that hangs
    mute = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => mute.close(resolve));
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await db?.drop();
  });

  it('is 1 while PostgreSQL answers', async () => {
    const pool = poolOn(db.url);
    pools.push(pool);
    expect((await gauge(pool)).value).toBe(1);
  });

  it('is 0 for a database that hangs, without waiting for its connection time-out', async () => {
    const { port } = mute.address() as { port: number };
    const pool = poolOn(`postgres://postgres@127.0.0.1:${port}/healthcare`);
    pools.push(pool);
    const { value, ms } = await gauge(pool);
    expect(value).toBe(0);
    // well before the pool gives up connecting (its own, longer time-out)
    expect(ms).toBeLessThan(PROBE_LIMIT_MS + 2000);
  }, 15_000);
});
