import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger, loadConfig, withDatabaseRoles } from '@healthcare/config';
import { DataSource } from 'typeorm';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';
import { applyRoles, withDatabaseReady, type RolePasswords } from '@healthcare/database';

const COMMANDS = ['run', 'revert', 'show'] as const;
type Command = (typeof COMMANDS)[number];

/** The subscriber's settings and the passwords of the roles the migrate step keeps up. */
class MigrationConfig extends withDatabaseRoles(SubscriberConfig) {}

/**
 * `nx run subscriber:migration:run|revert|show`: the migrations on DATABASE_URL, as its user
 * (the owner), the database created first when the server does not have it. `run` then creates
 * or updates the roles of the other services (libs/database ROLE_GRANTS) in the same transaction:
 * each one whose password is set, and the grants of every one that exists.
 * Anything missing (the server, a setting) is one line and exit 1, not a stack trace.
 */
async function migrate(command: Command): Promise<void> {
  const config = loadConfig(MigrationConfig);
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
            await keepRoles(dataSource, config);
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

async function keepRoles(dataSource: DataSource, config: MigrationConfig): Promise<void> {
  const database = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1));
  const passwords: RolePasswords = {
    writer: config.DATABASE_WRITER_PASSWORD,
    reader: config.DATABASE_READER_PASSWORD,
    registry: config.DATABASE_REGISTRY_PASSWORD,
  };
  const roles = await dataSource.transaction((manager) =>
    applyRoles((sql, params) => manager.query(sql, params), database, passwords),
  );
  if (roles.length > 0) Logger.log(`roles up to date: ${roles.join(', ')}`, 'Migrations');
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
