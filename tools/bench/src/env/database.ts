import { EmbeddedPostgresServer, freePort } from '@healthcare/embedded';
import { query } from '@healthcare/testing';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of one scenario run: created empty, dropped afterwards. */
export interface BenchDatabase {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/**
 * The PostgreSQL the bench writes to: BENCH_DATABASE_URL (default the local server on 5432),
 * or, when none answers, an embedded one started for the bench and removed after it.
 */
export class DatabaseServer {
  private constructor(
    readonly adminUrl: string,
    readonly embedded: boolean,
    private readonly shutdown: () => Promise<void>,
  ) {}

  static async open(log: (line: string) => void): Promise<DatabaseServer> {
    const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
    if (await canQuery(url)) return new DatabaseServer(url, false, () => Promise.resolve());
    log(`no PostgreSQL answers at ${redact(url)}; starting an embedded one`);
    // the server runs as the user postgres, which must be able to enter the folder
    const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
    chmodSync(dir, 0o755);
    const server = new EmbeddedPostgresServer({
      dataDir: join(dir, 'data'),
      port: await freePort(),
    });
    await server.start();
    return new DatabaseServer(server.url(), true, async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });
  }

  async version(): Promise<string> {
    const [row] = await query<{ server_version: string }>(this.adminUrl, 'SHOW server_version');
    return row.server_version;
  }

  async create(): Promise<BenchDatabase> {
    const name = `bench_${randomBytes(4).toString('hex')}`;
    await query(this.adminUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    pool.on('error', () => undefined);
    return {
      name,
      url: url.toString(),
      query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
        (await pool.query<R>(text, values)).rows,
      drop: async () => {
        await pool.end();
        await query(this.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }

  close(): Promise<void> {
    return this.shutdown();
  }

  describe(): string {
    return this.embedded
      ? `embedded PostgreSQL at ${redact(this.adminUrl)}`
      : redact(this.adminUrl);
  }
}

function canQuery(url: string): Promise<boolean> {
  return query(url, 'SELECT 1').then(
    () => true,
    () => false,
  );
}

export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
