import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger, loadConfig } from '@healthcare/config';
import { DataSource } from 'typeorm';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';
import { withDatabaseReady } from '@healthcare/database';

const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

/**
 * `nx run subscriber:migration:run|revert|show`: the subscriber's migrations on DATABASE_URL,
 * the database created first when the server does not have it, as the subscriber does at start.
 * Anything missing (the server, a setting) is one line and exit 1, not a stack trace.
 */
async function migrate(command: Command): Promise<void> {
  const config = loadConfig(SubscriberConfig);
  Logger.overrideLogger(createLogger('subscriber', config));
  const url = config.DATABASE_URL;
  await withDatabaseReady(
    url,
    async () => {
      const options = databaseOptions(url, config.DATABASE_STATEMENT_TIMEOUT_MS);
      const dataSource = new DataSource({ ...options, migrationsRun: false });
      await dataSource.initialize();
      try {
        switch (command) {
          case 'run':
            await dataSource.runMigrations({ transaction: 'all' });
            break;
          case 'revert':
            await dataSource.undoLastMigration({ transaction: 'all' });
            break;
          case 'show':
            await dataSource.showMigrations();
            break;
        }
      } finally {
        await dataSource.destroy();
      }
    },
    { wait: false },
  );
}

const command = process.argv[2] as Command;
if (!COMMANDS.includes(command)) {
  process.stderr.write(`usage: migrate.js <${COMMANDS.join('|')}>\n`);
  process.exit(2);
}
migrate(command).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`migration:${command} failed: ${message.split('\n').join(' ')}\n`);
  process.exit(1);
});
