import { Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { Server, WebSocket } from 'ws';

/**
 * Nest's WsAdapter, except for errors a client causes (an oversized or malformed frame: `ws`
 * closes the socket with the code the protocol gives and names the fault `WS_ERR_...`): those are
 * one informational line, not an ERROR with the gateway's stack trace.
 */
export class ClientErrorWsAdapter extends WsAdapter {
  private readonly clientLogger = new Logger('HeartRateGateway');

  override bindErrorHandler(server: Server): Server {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (err: Error & { code?: string }) => {
        if (err.code?.startsWith('WS_ERR_')) {
          this.clientLogger.log(
            `closed a WebSocket for the client's fault: ${err.message} (${err.code})`,
          );
        } else {
          this.clientLogger.error(err);
        }
      }),
    );
    server.on('error', (err) => this.clientLogger.error(err));
    return server;
  }
}
