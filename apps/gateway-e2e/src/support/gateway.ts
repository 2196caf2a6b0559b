import {
  AppProcess,
  freePort,
  Mosquitto,
  MqttCollector,
  waitFor,
  type ReceivedMessage,
} from '@healthcare/testing';

export interface StartOptions {
  /** Variables on top of the test defaults (ports, MQTT_URL, HOST). */
  env?: Record<string, string>;
  /** A broker the caller owns; by default the gateway gets a Mosquitto of its own. */
  broker?: Mosquitto;
}

/**
 * The built gateway as its own process, with a Mosquitto and a plain MQTT subscriber on `#`
 * started before it, so every message the gateway publishes is recorded. start() returns once
 * GET /health says the broker connection is up.
 */
export class TestGateway {
  private constructor(
    readonly app: AppProcess,
    readonly broker: Mosquitto,
    readonly collector: MqttCollector,
    readonly httpPort: number,
    readonly grpcPort: number,
    private readonly ownBroker: boolean,
  ) {}

  static async start({ env = {}, broker }: StartOptions = {}): Promise<TestGateway> {
    const mosquitto = broker ?? (await Mosquitto.start());
    let collector: MqttCollector | undefined;
    let app: AppProcess | undefined;
    try {
      collector = await MqttCollector.start(mosquitto.url, ['#']);
      const started = await startGatewayProcess({ MQTT_URL: mosquitto.url, ...env });
      app = started.app;
      const { httpPort, grpcPort } = started;
      const gateway = new TestGateway(app, mosquitto, collector, httpPort, grpcPort, !broker);
      await gateway.waitForHealth(200);
      return gateway;
    } catch (err) {
      await app?.kill();
      await collector?.close();
      if (!broker) await mosquitto.dispose();
      throw err;
    }
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.httpPort}/heartrate`;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  health(): Promise<number> {
    return healthOf(this.httpUrl);
  }

  waitForHealth(status: 200 | 503, timeoutMs?: number): Promise<void> {
    return waitForHealth(this.httpUrl, status, timeoutMs);
  }

  /** Waits for the reading of this sensor to arrive and returns its message. */
  async published(sensorId: string, timeoutMs = 10_000): Promise<ReceivedMessage> {
    return waitFor(() => this.collector.messages.find((m) => sensorOf(m) === sensorId), {
      timeoutMs,
      what: `a reading from ${sensorId} on the broker (have ${this.sensorIds().join(', ') || 'none'})`,
    });
  }

  /** sensor_id of every message received since the last clear(), in order. */
  sensorIds(): string[] {
    return this.collector.messages.map(sensorOf);
  }

  /** Stops the gateway (SIGTERM), the subscriber, and the broker if it is the gateway's own. */
  async stop(): Promise<void> {
    await this.app.stop('SIGTERM', 10_000);
    await this.collector.close();
    if (this.ownBroker) await this.broker.dispose();
  }
}

/**
 * Spawns the built gateway on two free ports (HOST 127.0.0.1) and waits until it is ready.
 * A free port can be taken by another process on a shared machine before the app binds it:
 * then it tries again on other ports.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
): Promise<{ app: AppProcess; httpPort: number; grpcPort: number; httpUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const [httpPort, grpcPort] = await distinctFreePorts(2);
    const app = AppProcess.start('gateway', {
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      ...env,
    });
    try {
      await app.waitForOutput(/gateway ready/, 30_000);
      return { app, httpPort, grpcPort, httpUrl: `http://127.0.0.1:${httpPort}` };
    } catch (err) {
      await app.kill();
      if (attempt < 3 && /EADDRINUSE/.test(app.output())) continue;
      throw err;
    }
  }
}

export async function healthOf(httpUrl: string): Promise<number> {
  const res = await fetch(`${httpUrl}/health`, { signal: AbortSignal.timeout(5000) });
  await res.body?.cancel();
  return res.status;
}

export async function waitForHealth(
  httpUrl: string,
  status: 200 | 503,
  timeoutMs = 20_000,
): Promise<void> {
  await waitFor(async () => (await healthOf(httpUrl)) === status, {
    timeoutMs,
    intervalMs: 100,
    what: `GET /health to answer ${status}`,
  });
}

export function sensorOf(message: ReceivedMessage): string {
  try {
    const value = JSON.parse(message.payload) as { sensor_id?: unknown };
    return typeof value.sensor_id === 'string' ? value.sensor_id : `<${message.payload}>`;
  } catch {
    return `<${message.payload}>`;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
