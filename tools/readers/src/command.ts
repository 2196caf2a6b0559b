import { AppSettings, loadConfig, withDatabase, ConfigError } from '@healthcare/config';
import { AssignmentError, describeError, ReaderError, sqlState } from '@healthcare/database';
import pg from 'pg';

/** What the commands read from the environment: where the database is. */
class CommandConfig extends withDatabase(AppSettings) {}

/** A refusal the user can act on: one line on stderr, exit 1. */
export class CommandError extends Error {}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Runs a command on a connection to DATABASE_URL: usage problems exit 2, refusals and an
 * unreachable database are one line on stderr and exit 1, never a stack trace.
 */
export function runCommand(
  name: string,
  usage: string,
  run: (client: pg.Client) => Promise<void>,
): void {
  const fail = (message: string, code: number) => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(code);
  };
  let url: string;
  try {
    url = loadConfig(CommandConfig).DATABASE_URL;
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message, 1);
    throw err;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  const work = async () => {
    await client.connect();
    try {
      await run(client);
    } finally {
      await client.end();
    }
  };
  work().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) return fail(`${err.message}\n${usage}`, 2);
      if (
        err instanceof CommandError ||
        err instanceof ReaderError ||
        err instanceof AssignmentError
      ) {
        return fail(err.message, 1);
      }
      // 42P01: the subscriber (or its migration command) has not created the tables yet
      if (sqlState(err) === '42P01') {
        return fail(
          'the database has no reader or assignment tables yet: start the subscriber or run ' +
            '`npx nx run subscriber:migration:run` with this DATABASE_URL',
          1,
        );
      }
      const where = new URL(url);
      fail(
        `cannot use PostgreSQL at ${where.hostname}:${where.port || 5432}: ${describeError(err)}`,
        1,
      );
    },
  );
}

export class UsageError extends Error {}

/** An ISO 8601 date-time option, or now when absent. */
export function instant(value: string | undefined, option: string): Date {
  if (value === undefined) return new Date();
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new UsageError(`${option} must be an ISO 8601 date-time, got ${value}`);
  }
  return at;
}
