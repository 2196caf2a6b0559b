import { TestPostgres } from './embedded-postgres.js';
import { adminDatabaseUrl, canQuery } from './postgres.js';

declare global {
  var embeddedPostgres: TestPostgres | undefined;
}

/**
 * Jest globalSetup for suites that need PostgreSQL: uses TEST_DATABASE_URL or the local server,
 * and on a machine with neither starts an embedded one for the run.
 */
export default async function globalSetup(): Promise<void> {
  if (await canQuery(adminDatabaseUrl())) return;
  const server = await TestPostgres.start();
  globalThis.embeddedPostgres = server;
  process.env.TEST_DATABASE_URL = server.url();
  process.stdout.write(
    `\nno PostgreSQL at the default address; started an embedded one at ${server.url()}\n`,
  );
}
