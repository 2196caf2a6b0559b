import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Server, WebSocket } from 'ws';
import { ClientErrorWsAdapter } from '../heart-rate/client-error-ws-adapter.js';
import type { UpgradeGuard } from './upgrade-guard.js';

type VerifyCallback = (accept: boolean, status?: number, reason?: string) => void;

/**
 * The gateway's WebSocket adapter: every upgrade passes the UpgradeGuard first (refused ones get
 * its status as a plain HTTP answer), and a WebSocket that carries nothing either way for
 * `idleMs` is closed.
 */
export class GuardedWsAdapter extends ClientErrorWsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly guard: UpgradeGuard,
    private readonly idleMs: number,
  ) {
    super(app);
  }

  /**
   * Frames are read by HeartRateGateway itself (a HeartRateConnection per socket); Nest's router
   * would only add a listener that runs an observable chain per frame to route nothing.
   */
  override bindMessageHandlers(): void {}

  override create(port: number, options: Record<string, unknown> & { path?: string }): Server {
    const server = super.create(port, {
      ...options,
      verifyClient: (info: { req: IncomingMessage }, done: VerifyCallback) => {
        const verdict = this.guard.verify(info.req);
        if (verdict.accept) done(true);
        else done(false, verdict.status, verdict.reason);
      },
    }) as Server;
    server.on('connection', (ws: WebSocket, req: IncomingMessage) =>
      closeWhenIdle(ws, req.socket, this.idleMs),
    );
    return server;
  }
}

function closeWhenIdle(ws: WebSocket, socket: Socket, idleMs: number): void {
  // ws clears the HTTP server's timeout on upgrade; inactivity in either direction counts
  socket.setTimeout(idleMs);
  socket.once('timeout', () => ws.close(1001, 'idle'));
}
