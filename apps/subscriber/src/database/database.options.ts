import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from '@healthcare/database';
import { TypeOrmLogger } from './typeorm-logger.js';

/** How long a query may go unanswered beyond the statement timeout before its connection is dropped. */
const UNANSWERED_GRACE_MS = 2000;
/** Idle time before TCP keepalive probes a connection, so a dead peer is noticed between batches. */
const TCP_KEEPALIVE_DELAY_MS = 10_000;

/**
 * The one definition of the database: used by the app and by the TypeORM CLI (data-source.ts).
 * Every statement is bounded: the server cancels one that runs longer than `statementTimeoutMs`
 * (a lock wait, an overloaded server); a connection that does not answer at all (half-open, a
 * frozen server) fails the query a little later on the client's side.
 */
export function databaseOptions(url: string, statementTimeoutMs: number): DataSourceOptions {
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
    // pg's own options, for every connection of the pool (a long migration sets its own limit)
    extra: {
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + UNANSWERED_GRACE_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: TCP_KEEPALIVE_DELAY_MS,
    },
    logging: ['migration', 'warn', 'info', 'log'],
    logger: new TypeOrmLogger(),
  };
}
