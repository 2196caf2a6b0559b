import pg from 'pg';

export interface ListenOptions {
  url: string;
  /** The channel to LISTEN on (a constant of this library: it is not quoted). */
  channel: string;
  /** Names the connection in pg_stat_activity. */
  applicationName: string;
  onNotification: (payload: string | undefined) => void;
  /**
   * The connection failed or ended (also when its owner ends it); it is closed and told once.
   * The owner opens another when it needs one.
   */
  onLost: (err: Error) => void;
  /** Bounds each query the owner runs on the connection (it may also read and write on it). */
  queryTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/**
 * A connection that LISTENs on one channel. Notifications reach only the connection that
 * listens, so it is kept open, with TCP keepalive, and not taken from a pool. Throws when it
 * cannot connect or listen (nothing is left open then).
 */
export async function listeningClient(options: ListenOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: 5000,
    application_name: options.applicationName,
    keepAlive: true,
    ...(options.queryTimeoutMs !== undefined && { query_timeout: options.queryTimeoutMs }),
    ...(options.statementTimeoutMs !== undefined && {
      statement_timeout: options.statementTimeoutMs,
    }),
  });
  let lost = false;
  const close = () => {
    lost = true;
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
  };
  client.on('notification', (notification) => options.onNotification(notification.payload));
  const lose = (err: Error) => {
    if (lost) return;
    close();
    options.onLost(err);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the connection ended')));
  try {
    await client.connect();
    await client.query(`LISTEN ${options.channel}`);
  } catch (err) {
    close();
    throw err;
  }
  return client;
}
