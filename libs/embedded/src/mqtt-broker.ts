import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * An MQTT broker inside this process (aedes), for a start with nothing installed.
 * It speaks MQTT 3.1.1 only and keeps queued messages in memory.
 */
export class EmbeddedMqttBroker {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async start(port: number, host = '127.0.0.1'): Promise<EmbeddedMqttBroker> {
    const broker = await Aedes.createBroker();
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return new EmbeddedMqttBroker(broker, server, port);
  }

  /** The aedes instance, for tests that watch the broker's side (e.g. its 'ack' events). */
  get aedes(): Aedes {
    return this.broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
  }
}
