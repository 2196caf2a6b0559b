import type { IncomingMessage } from 'node:http';

/** What ws's verifyClient is told: accept, or refuse with this status and reason. */
export type UpgradeVerdict = { accept: true } | { accept: false; status: number; reason: string };

/**
 * The checks a WebSocket upgrade passes before it becomes a connection:
 * - an `Origin` header (a browser page) must be in the allowed list; devices send none;
 * - one client holds at most `maxPerClient` WebSockets at once. A client is its remote address
 *   until devices authenticate (then it is the device).
 */
export class UpgradeGuard {
  private readonly open = new Map<string, number>();
  private readonly origins: ReadonlySet<string>;

  constructor(
    allowedOrigins: readonly string[],
    private readonly maxPerClient: number,
  ) {
    this.origins = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  }

  /** Counts an accepted upgrade until its socket closes. */
  verify(req: IncomingMessage): UpgradeVerdict {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      return { accept: false, status: 403, reason: 'origin not allowed' };
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    const count = this.open.get(client) ?? 0;
    if (count >= this.maxPerClient) {
      return { accept: false, status: 429, reason: 'too many WebSockets from this client' };
    }
    this.open.set(client, count + 1);
    req.socket.once('close', () => this.release(client));
    return { accept: true };
  }

  /** WebSockets open per client, for tests. */
  openFor(client: string): number {
    return this.open.get(client) ?? 0;
  }

  private release(client: string): void {
    const count = (this.open.get(client) ?? 1) - 1;
    if (count > 0) this.open.set(client, count);
    else this.open.delete(client);
  }
}
