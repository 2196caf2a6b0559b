import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { DATABASE_ROLES, roleName } from '@healthcare/database';

/**
 * A server the tests may create databases on: TEST_DATABASE_URL, else the local one on 5432
 * (this machine and CI have it); jest's global setup starts an embedded one when neither answers.
 */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string, adminUrl = adminDatabaseUrl()): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one query on a fresh connection and closes it. */
export async function query<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  values?: unknown[],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of the test's own, dropped afterwards with the roles named after it (libs/database). */
export async function createTestDatabase(
  prefix = 'test',
  adminUrl = adminDatabaseUrl(),
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: databaseUrl(name, adminUrl),
    drop: async () => {
      await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const roles = DATABASE_ROLES.map((role) => pg.escapeIdentifier(roleName(name, role)));
      await query(adminUrl, `DROP ROLE IF EXISTS ${roles.join(', ')}`);
    },
  };
}

export async function canQuery(url: string): Promise<boolean> {
  return query(url, 'SELECT 1').then(
    () => true,
    () => false,
  );
}

/**
 * A pool on a test's database. pool.end() resolves before its connections have closed, so the
 * database's drop (WITH FORCE) can end one first: the error that connection then reports is
 * expected, and without a listener it would fail the suite as an unhandled error.
 */
export function testPool(url: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}
