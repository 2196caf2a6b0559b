import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';
import { sqlState, withDatabaseReady } from '@healthcare/database';

/** A role without the owner's rights (the writer) found migrations to apply: say what to do. */
function pendingMigrations(url: string, cause: unknown): Error {
  const login = decodeURIComponent(new URL(url).username);
  return new Error(
    `migrations are pending and ${login} may not apply them: run the migrate step as the ` +
      `database owner first (npx nx run subscriber:migration:run; compose: the migrate service)`,
    { cause },
  );
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SubscriberConfig],
      // withDatabaseReady waits for the server itself; a failure after that (a broken
      // migration) is not one a retry fixes
      useFactory: (config: SubscriberConfig) => ({
        ...databaseOptions(config.DATABASE_URL, config.DATABASE_STATEMENT_TIMEOUT_MS),
        retryAttempts: 1,
      }),
      dataSourceFactory: async (options) => {
        if (options?.type !== 'postgres' || !options.url) throw new Error('no PostgreSQL URL');
        const { url } = options;
        return withDatabaseReady(url, () =>
          new DataSource(options).initialize().catch((err: unknown) => {
            throw sqlState(err) === '42501' ? pendingMigrations(url, err) : err;
          }),
        );
      },
    }),
  ],
})
export class DatabaseModule {}
