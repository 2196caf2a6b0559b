import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@healthcare/config';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { databaseOptions } from './database.options.js';

/**
 * The DataSource of the TypeORM CLI (`nx run subscriber:migration:run`, `migration:revert`,
 * `migration:show`): the app's own options, DATABASE_URL read from the environment.
 */
export default new DataSource({
  ...databaseOptions(loadConfig(SubscriberConfig).DATABASE_URL),
  migrationsRun: false,
});
