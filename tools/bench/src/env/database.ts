import { shownUrl } from '@healthcare/config';
import { canQuery, createTestDatabase, query, TestPostgres } from '@healthcare/testing';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** The application_name of the bench's own connections, left out of the system's backends. */
const BENCH_CLIENT = 'healthcare-bench';

/** A database of one scenario run: created empty, dropped afterwards. */
export interface BenchDatabase {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** The server processes (backends) of the database's connections other than the bench's own. */
  backendPids(): Promise<number[]>;
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
    log(`no PostgreSQL answers at ${shownUrl(url)}; starting an embedded one`);
    const server = await TestPostgres.start();
    return new DatabaseServer(server.url(), true, () => server.dispose());
  }

  async version(): Promise<string> {
    const [row] = await query<{ server_version: string }>(this.adminUrl, 'SHOW server_version');
    return row.server_version;
  }

  async create(): Promise<BenchDatabase> {
    const db = await createTestDatabase('bench', this.adminUrl);
    const pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: BENCH_CLIENT });
    pool.on('error', () => undefined);
    const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
      (await pool.query<R>(text, values)).rows;
    return {
      name: db.name,
      url: db.url,
      query,
      backendPids: async () =>
        (
          await query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE datname = current_database() ' +
              'AND application_name <> $1',
            [BENCH_CLIENT],
          )
        ).map((row) => row.pid),
      drop: async () => {
        await pool.end();
        await db.drop();
      },
    };
  }

  close(): Promise<void> {
    return this.shutdown();
  }

  describe(): string {
    return this.embedded
      ? `embedded PostgreSQL at ${shownUrl(this.adminUrl)}`
      : shownUrl(this.adminUrl);
  }
}
