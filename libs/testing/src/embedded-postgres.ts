import { PostgresProcess, type PostgresTls } from '@healthcare/embedded/postgres-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/**
 * A PostgreSQL of the test's own on a free port, for tests that stop and start the database
 * (never the shared one). Its data lives in a temporary folder removed by dispose().
 */
export class TestPostgres {
  private readonly server: PostgresProcess;

  private constructor(
    private readonly dir: string,
    port: number,
    tls?: PostgresTls,
  ) {
    this.server = new PostgresProcess({ dataDir: join(dir, 'data'), port, tls });
  }

  /** With `tls`, the server speaks TLS with that certificate and refuses TCP connections without it. */
  static async start({ tls }: { tls?: PostgresTls } = {}): Promise<TestPostgres> {
    // as root, the server makes the folder searchable for the user postgres it runs as
    const dir = mkdtempSync(join(tmpdir(), 'pg-'));
    const test = new TestPostgres(dir, await freePort(), tls);
    await test.server.start();
    return test;
  }

  url(database = 'postgres'): string {
    return this.server.url(database);
  }

  /**
   * libpq's way, which pg reads from the URL: TLS, the server's certificate checked against
   * `caFile` and the host name.
   */
  verifyFullUrl(database: string, caFile: string): string {
    return `${this.url(database)}?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`;
  }

  /** Starts the server again on the same port with the same data. */
  start(): Promise<void> {
    return this.server.start();
  }

  /** A crash of the server (kill -9 of all its processes); start() recovers from it. */
  kill(): Promise<void> {
    return this.server.kill();
  }

  /** A clean shutdown of the server. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  async dispose(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
