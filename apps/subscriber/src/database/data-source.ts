import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@healthcare/config';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';

/**
 * The DataSource of the TypeORM CLI (e.g. `typeorm schema:log -d <this file, built>`, which the
 * storage e2e uses to check the entities against the migrations): the app's own options,
 * DATABASE_URL read from the environment. `nx run subscriber:migration:*` runs migrate.ts.
 */
const config = loadConfig(SubscriberConfig);

export default new DataSource({
  ...databaseOptions(config.DATABASE_URL, config.DATABASE_STATEMENT_TIMEOUT_MS),
  migrationsRun: false,
});
