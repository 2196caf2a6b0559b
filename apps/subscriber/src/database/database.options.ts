import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { TypeOrmLogger } from './typeorm-logger.js';

/** The one definition of the database: used by the app and by the TypeORM CLI (data-source.ts). */
export function databaseOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'all',
    // one connection writes the batches; the others serve the health check and the migrations
    poolSize: 4,
    connectTimeoutMS: 5000,
    applicationName: 'healthcare-subscriber',
    logging: ['migration', 'warn', 'info', 'log'],
    logger: new TypeOrmLogger(),
  };
}
