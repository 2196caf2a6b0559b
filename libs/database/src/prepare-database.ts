import { Logger } from '@nestjs/common';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, isConfigurationError, sqlState } from './pg-errors.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
const logger = new Logger('Database');

/**
 * Waits for the PostgreSQL server (unless `wait` is false: then an unreachable server is an
 * error), creates the database when it does not exist yet, then runs `connect` (TypeORM's
 * initialize, which runs the migrations) under an advisory lock, so that replicas starting
 * together apply the migrations once.
 */
export async function withDatabaseReady<T>(
  url: string,
  connect: () => Promise<T>,
  { wait = true } = {},
): Promise<T> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  const admin = await openAdminSession(url, wait);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await createDatabase(admin, database);
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${database}`]);
    return await connect();
  } finally {
    // ending the session releases the lock
    await admin.end().catch(() => undefined);
  }
}

/** A session on the server's `postgres` database; waits (with backoff) while the server is away. */
async function openAdminSession(url: string, wait: boolean): Promise<pg.Client> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const where = `${adminUrl.hostname}:${adminUrl.port || 5432}`;
  let waiting = false;
  for (let delay = RETRY_MIN_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
    const client = new pg.Client({
      connectionString: adminUrl.toString(),
      connectionTimeoutMillis: 5000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if (waiting) logger.log(`PostgreSQL at ${where} is reachable`);
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (isConfigurationError(err) || !wait) {
        throw new Error(`cannot use PostgreSQL at ${where}: ${describeError(err)}`);
      }
      if (!waiting) logger.warn(`waiting for PostgreSQL at ${where}: ${describeError(err)}`);
      waiting = true;
      await sleep(delay);
    }
  }
}

async function createDatabase(admin: pg.Client, database: string): Promise<void> {
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    logger.log(`created database "${database}"`);
  } catch (err) {
    // 42P04: another replica created it a moment ago
    if (sqlState(err) !== '42P04') throw err;
  }
}
