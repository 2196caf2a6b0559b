import { Aedes } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { createServer, type AddressInfo, type Server } from 'node:net';

/** An in-process MQTT 3.1.1 broker (aedes) on a free port, for specs of the client side. */
export class InProcessBroker {
  private constructor(
    readonly broker: Aedes,
    private readonly server: Server,
  ) {}

  static async start(): Promise<InProcessBroker> {
    const broker = await Aedes.createBroker();
    const server = createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new InProcessBroker(broker, server);
  }

  get url(): string {
    return `mqtt://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A plain client, e.g. to publish. */
  client(options: IClientOptions = {}): Promise<MqttClient> {
    return mqtt.connectAsync(this.url, { reconnectPeriod: 100, ...options });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` is true. */
export async function eventually(
  check: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
