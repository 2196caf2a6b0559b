import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppSettings, loadConfig, withDatabase } from '@healthcare/config';
import { DeviceRegistryError, migrateDatabase } from '@healthcare/database';
import pg from 'pg';
import { parseCommand, USAGE, UsageError, type Command } from './cli.js';
import { runCommand } from './commands.js';

class DevicesConfig extends withDatabase(AppSettings) {}

/**
 * `pnpm devices`: the device registry's command. Exit 0 when done, 1 when refused or the
 * database cannot be used (one line on stderr), 2 for a wrong command line.
 */
async function main(command: Command): Promise<void> {
  const config = loadConfig(DevicesConfig);
  // progress (a database created) goes to stderr, so that stdout ends with the token
  const toStderr = (message: unknown) => void process.stderr.write(`devices: ${String(message)}\n`);
  Logger.overrideLogger({ log: toStderr, warn: toStderr, error: toStderr });
  await migrateDatabase(config.DATABASE_URL);
  const db = new pg.Client({
    connectionString: config.DATABASE_URL,
    connectionTimeoutMillis: 5000,
  });
  await db.connect();
  try {
    for (const line of await runCommand(db, command)) process.stdout.write(`${line}\n`);
  } finally {
    await db.end();
  }
}

let command: Command;
try {
  command = parseCommand(process.argv.slice(2));
} catch (err) {
  const message = err instanceof UsageError || isParseArgsError(err) ? (err as Error).message : '';
  process.stderr.write(message ? `devices: ${message}\n\n${USAGE}\n` : `${USAGE}\n`);
  process.exit(2);
}
main(command).then(
  () => process.exit(0),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const known = err instanceof DeviceRegistryError ? '' : 'failed: ';
    process.stderr.write(`devices ${command.name}: ${known}${message.split('\n').join(' ')}\n`);
    process.exit(1);
  },
);

function isParseArgsError(err: unknown): boolean {
  return String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}
