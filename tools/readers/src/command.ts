import {
  AppSettings,
  ConfigError,
  loadConfig,
  parseCommandLine,
  runTool,
  UsageError,
  withDatabase,
  type CommandLine,
} from '@healthcare/config';
import { AssignmentError, describeError, ReaderError, sqlState } from '@healthcare/database';
import type { ParseArgsOptionsConfig } from 'node:util';
import pg from 'pg';

/** What the commands read from the environment: where the database is. */
class CommandConfig extends withDatabase(AppSettings) {}

/** A refusal the user can act on: one line on stderr, exit 1. */
export class CommandError extends Error {}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A command of `pnpm readers` or `pnpm patients` (runTool), run on a connection to DATABASE_URL
 * with its command line read by `options`: refusals and an unreachable database are one line on
 * stderr and exit 1.
 */
export function runDatabaseCommand<O extends ParseArgsOptionsConfig>(
  name: string,
  usage: string,
  options: O,
  run: (client: pg.Client, line: CommandLine<O>) => Promise<void>,
): void {
  let url: string | undefined;
  runTool({
    name,
    usage,
    parse: (args) => parseCommandLine(args, options),
    run: async (line) => {
      url = loadConfig(CommandConfig).DATABASE_URL;
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await run(client, line);
      } finally {
        await client.end();
      }
    },
    describe: (err) => failure(err, url),
  });
}

function failure(err: unknown, url: string | undefined): string {
  if (
    err instanceof ConfigError ||
    err instanceof CommandError ||
    err instanceof ReaderError ||
    err instanceof AssignmentError
  ) {
    return err.message;
  }
  // 42P01: the subscriber (or its migration command) has not created the tables yet
  if (sqlState(err) === '42P01') {
    return (
      'the database has no reader or assignment tables yet: start the subscriber or run ' +
      '`npx nx run subscriber:migration:run` with this DATABASE_URL'
    );
  }
  if (url === undefined) return describeError(err);
  const where = new URL(url);
  return `cannot use PostgreSQL at ${where.hostname}:${where.port || 5432}: ${describeError(err)}`;
}

/** An ISO 8601 date-time option, or now when absent. */
export function instant(value: string | undefined, option: string): Date {
  if (value === undefined) return new Date();
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new UsageError(`${option} must be an ISO 8601 date-time, got ${value}`);
  }
  return at;
}
