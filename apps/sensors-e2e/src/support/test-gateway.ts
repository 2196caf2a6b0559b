import { AppProcess, freePort } from '@healthcare/testing';

export interface GatewayPorts {
  http: number;
  grpc: number;
}

/** The built gateway as a process on ports of its own, restartable on the same ports. */
export class TestGateway {
  private constructor(
    private process: AppProcess,
    private readonly env: Record<string, string>,
    readonly ports: GatewayPorts,
  ) {}

  static async freePorts(): Promise<GatewayPorts> {
    return { http: await freePort(), grpc: await freePort() };
  }

  /** Resolves once it listens; `connected` also waits for its MQTT connection. */
  static async start(
    mqttUrl: string,
    { ports, connected = true }: { ports?: GatewayPorts; connected?: boolean } = {},
  ): Promise<TestGateway> {
    const own = ports ?? (await TestGateway.freePorts());
    const env = {
      HOST: '127.0.0.1',
      HTTP_PORT: String(own.http),
      GRPC_PORT: String(own.grpc),
      MQTT_URL: mqttUrl,
      SHUTDOWN_TIMEOUT_MS: '2000',
    };
    const gateway = new TestGateway(AppProcess.start('gateway', env), env, own);
    await gateway.ready(connected);
    return gateway;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.ports.http}/heartrate`;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.ports.grpc}`;
  }

  output(): string {
    return this.process.output();
  }

  /** Stops it (SIGTERM: graceful; SIGKILL: a crash) and starts a new one on the same ports. */
  async restart(signal: NodeJS.Signals): Promise<void> {
    await this.process.stop(signal);
    this.process = AppProcess.start('gateway', this.env);
    await this.ready(true);
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  private async ready(connected: boolean): Promise<void> {
    await this.process.waitForOutput(/gateway ready/, 30_000);
    if (connected) await this.process.waitForOutput(/connected to the MQTT broker/, 15_000);
  }
}

/** Where a sensor app finds this gateway. */
export function sensorEnv(ports: GatewayPorts): Record<string, string> {
  return {
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_HTTP_PORT: String(ports.http),
    GATEWAY_GRPC_PORT: String(ports.grpc),
  };
}
