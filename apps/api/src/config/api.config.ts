import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { AppSettings, withDatabase, withEarlyWarning, withTlsServer } from '@healthcare/config';
import { withMetrics } from '@healthcare/config/metrics';

/**
 * Every setting of the read API, read once from the environment at start. With TLS_CERT_FILE and
 * TLS_KEY_FILE (withTlsServer) its port serves HTTPS only: reader tokens and patients' data
 * never cross the network in clear.
 */
export class ApiConfig extends withTlsServer(
  withMetrics(withEarlyWarning(withDatabase(AppSettings))),
) {
  @IsInt() @Min(1) @Max(65535) API_PORT = 5002;
  @IsString() @IsNotEmpty() HOST = '0.0.0.0';

  /** The longest a query may run; the server cancels it, and the reader gets a 503. */
  @IsInt() @Min(100) @Max(600_000) DATABASE_STATEMENT_TIMEOUT_MS = 10_000;

  /** Connections to PostgreSQL at most; requests beyond them wait for one. */
  @IsInt() @Min(1) @Max(100) API_DATABASE_POOL_SIZE = 10;

  /**
   * How long a token's reader is kept once looked up, at most: every change to readers drops
   * them at once (NOTIFY); this bounds it should a notification be lost. 0: looked up each time.
   */
  @IsInt() @Min(0) @Max(300_000) READER_CACHE_TTL_MS = 30_000;

  /** Live streams (GET /live) one reader may hold open at once. */
  @IsInt() @Min(1) @Max(100) LIVE_STREAMS_PER_READER = 4;

  /** Live streams the API serves at once, all readers together. */
  @IsInt() @Min(1) @Max(10_000) LIVE_STREAMS = 200;

  /** A live stream sends at most one event this often, holding what arrived meanwhile. */
  @IsInt() @Min(50) @Max(10_000) LIVE_FLUSH_MS = 250;
}
