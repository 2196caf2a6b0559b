import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server, to cut a link without closing it. `freeze()` stops
 * forwarding on the connections open so far and keeps them open, as a link whose far end went
 * away without a word (a NAT or firewall that dropped its state); connections made later go
 * through.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<[Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => proxy.forward(client, connect(targetPort, targetHost)));
    return proxy;
  }

  /** The connections open now forward nothing more, in either direction, and stay open. */
  freeze(): void {
    for (const [client, target] of this.links) {
      client.unpipe(target);
      target.unpipe(client);
      client.pause();
      target.pause();
    }
    this.links.clear();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private forward(client: Socket, target: Socket): void {
    const link: [Socket, Socket] = [client, target];
    for (const socket of link) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.links.delete(link);
        client.destroy();
        target.destroy();
      });
    }
    client.pipe(target);
    target.pipe(client);
    this.links.add(link);
  }
}
