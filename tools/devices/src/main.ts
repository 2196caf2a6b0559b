import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppSettings, loadConfig, runTool, withDatabase } from '@healthcare/config';
import { DeviceRegistryError, migrateDatabase } from '@healthcare/database';
import pg from 'pg';
import { parseCommand, USAGE, type Command } from './cli.js';
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

runTool({
  name: 'devices',
  usage: USAGE,
  parse: parseCommand,
  run: main,
  label: (command) => `devices ${command.name}`,
  describe: (err) =>
    err instanceof DeviceRegistryError
      ? err.message
      : `failed: ${err instanceof Error ? err.message : String(err)}`,
});
