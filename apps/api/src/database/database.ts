import pg from 'pg';
import type { ApiConfig } from '../config/api.config.js';

/** How long a query may go unanswered beyond the statement timeout before its connection is dropped. */
const UNANSWERED_GRACE_MS = 2000;

/** The API's connections; injected by this class. */
export abstract class Database extends pg.Pool {}

/**
 * Every session is read-only by default (`default_transaction_read_only`), so a query of the API
 * can change nothing even where its role could; the one write it makes (an assignment) opens a
 * `READ WRITE` transaction of its own. Every statement is bounded by the server's
 * `statement_timeout`, and a connection that does not answer at all fails a little later.
 */
export function createDatabase(config: ApiConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.API_DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'healthcare-api',
    // UTC: a date-time without an offset in a query is UTC, as in the wire contract
    options: '-c default_transaction_read_only=on -c TimeZone=UTC',
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + UNANSWERED_GRACE_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // an idle connection the server closed: the pool drops it; the next query opens another
  pool.on('error', () => undefined);
  return pool;
}
