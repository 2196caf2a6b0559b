import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';
import { withDatabaseReady } from '@healthcare/database';

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
        return withDatabaseReady(options.url, () => new DataSource(options).initialize());
      },
    }),
  ],
})
export class DatabaseModule {}
