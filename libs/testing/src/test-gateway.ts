import type { ClientTls } from '@healthcare/config';
import type { ManagedProcess } from '@healthcare/embedded/managed-process';
import { httpRequest } from './http-request.js';
import { randomBytes } from 'node:crypto';
import { startTestApp, APP_READY_TIMEOUT_MS } from './app-process.js';
import { scrapeMetrics, type MetricsScrape } from './metrics.js';
import { freePort, waitFor } from './ports.js';

export interface GatewayPorts {
  http: number;
  grpc: number;
}

/**
 * How the gateway authenticates devices: against the device registry of a database (devices
 * registered with TestRegistry), or not at all (`off`, for tests where identity is beside the point).
 */
export type TestGatewayAuth = 'off' | { databaseUrl: string };

export interface TestGatewayOptions {
  auth: TestGatewayAuth;
  /** Variables on top of HOST, HTTP_PORT, GRPC_PORT, MQTT_URL and the authentication's. */
  env?: Record<string, string>;
  /** Ports chosen beforehand (e.g. already given to sensors); by default two free ones. */
  ports?: GatewayPorts;
  /** Also wait until GET /health answers 200, i.e. the broker connection is up (default). */
  connected?: boolean;
  /**
   * What a client needs to reach a gateway started with TLS_CERT_FILE (https, wss, gRPC over
   * TLS): at least the CA of its certificate.
   */
  tls?: ClientTls;
}

/** A gateway process that said it is ready, with what it was started with. */
export interface LaunchedGateway {
  app: ManagedProcess;
  env: Record<string, string>;
  ports: GatewayPorts;
  tls?: ClientTls;
}

/**
 * The built gateway (apps/gateway/dist) as its own process on 127.0.0.1, publishing to MQTT_URL;
 * restart() brings up a new process on the same ports.
 */
export class TestGateway {
  private current: ManagedProcess;
  private readonly env: Record<string, string>;
  readonly ports: GatewayPorts;
  /** What its clients are given for TLS; undefined for a plain gateway. */
  readonly tls?: ClientTls;

  protected constructor({ app, env, ports, tls }: LaunchedGateway) {
    this.current = app;
    this.env = env;
    this.ports = ports;
    this.tls = tls;
  }

  static async start(mqttUrl: string, options: TestGatewayOptions): Promise<TestGateway> {
    return new TestGateway(await TestGateway.launch(mqttUrl, options));
  }

  /**
   * Spawns the gateway and resolves once it says it is ready (and, with `connected`, /health
   * says 200). Ports picked here can be taken by another process before the gateway binds them:
   * then it tries again on other ones.
   */
  protected static async launch(
    mqttUrl: string,
    { auth, env = {}, ports, connected = true, tls }: TestGatewayOptions,
  ): Promise<LaunchedGateway> {
    for (let attempt = 1; ; attempt++) {
      const own = ports ?? (await TestGateway.freePorts());
      const gatewayEnv = {
        HOST: '127.0.0.1',
        HTTP_PORT: String(own.http),
        GRPC_PORT: String(own.grpc),
        MQTT_URL: mqttUrl,
        METRICS_TOKEN: randomBytes(16).toString('hex'),
        ...authEnv(auth),
        ...env,
      };
      const app = startTestApp('gateway', gatewayEnv);
      const health = healthUrl(own, gatewayEnv, tls);
      try {
        await ready(app, health, connected);
        return { app, env: gatewayEnv, ports: own, tls: health.tls };
      } catch (err) {
        await app.kill();
        if (!ports && attempt < 3 && /EADDRINUSE/.test(app.output())) continue;
        throw err;
      }
    }
  }

  /** Two distinct ports that were free a moment ago. */
  static async freePorts(): Promise<GatewayPorts> {
    const http = await freePort();
    let grpc = await freePort();
    while (grpc === http) grpc = await freePort();
    return { http, grpc };
  }

  /** The current process; a new one after restart(). */
  get app(): ManagedProcess {
    return this.current;
  }

  get httpUrl(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.ports.http}`;
  }

  get wsUrl(): string {
    return `${this.tls ? 'wss' : 'ws'}://127.0.0.1:${this.ports.http}/heartrate`;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.ports.grpc}`;
  }

  output(): string {
    return this.current.output();
  }

  /** The operator's token its GET /metrics asks for ('' when started without one). */
  get metricsToken(): string {
    return this.env.METRICS_TOKEN ?? '';
  }

  /** Its GET /metrics as served, read with the operator's token. */
  metrics(): Promise<MetricsScrape> {
    return scrapeMetrics(`${this.httpUrl}/metrics`, this.metricsToken);
  }

  /** The status of GET /health: 200 while the broker connection is up, 503 while it is not. */
  health(): Promise<number> {
    return healthOf(this.healthUrl);
  }

  waitForHealth(status: 200 | 503, timeoutMs?: number): Promise<void> {
    return waitForHealth(this.healthUrl, status, timeoutMs);
  }

  private get healthUrl(): HealthUrl {
    return { url: `${this.httpUrl}/health`, tls: this.tls };
  }

  /** Stops it (SIGTERM: graceful; SIGKILL: a crash) and starts a new one on the same ports, connected. */
  async restart(signal: NodeJS.Signals): Promise<void> {
    await this.current.stop(signal);
    this.current = startTestApp('gateway', this.env);
    await ready(this.current, this.healthUrl, true);
  }

  async stop(): Promise<void> {
    await this.current.stop('SIGTERM', 10_000);
  }
}

/** GET /health of a gateway, with what a client needs when it serves TLS. */
interface HealthUrl {
  url: string;
  tls?: ClientTls;
}

function healthUrl(ports: GatewayPorts, env: Record<string, string>, tls?: ClientTls): HealthUrl {
  const secure = Boolean(env.TLS_CERT_FILE);
  if (secure && !tls) throw new Error('a TLS gateway needs `tls` (its CA) for its clients');
  return {
    url: `${secure ? 'https' : 'http'}://127.0.0.1:${ports.http}/health`,
    tls: secure ? tls : undefined,
  };
}

async function ready(app: ManagedProcess, health: HealthUrl, connected: boolean): Promise<void> {
  await app.waitForOutput(/gateway ready/, APP_READY_TIMEOUT_MS);
  if (!connected) return;
  await waitForHealth(health, 200).catch((err: Error) => {
    throw new Error(`${err.message}\n--- gateway output ---\n${app.output()}`);
  });
}

async function healthOf({ url, tls }: HealthUrl): Promise<number> {
  return (await httpRequest(url, { tls, timeoutMs: 5000 })).status;
}

async function waitForHealth(
  health: HealthUrl,
  status: 200 | 503,
  timeoutMs = 20_000,
): Promise<void> {
  await waitFor(async () => (await healthOf(health)) === status, {
    timeoutMs,
    intervalMs: 100,
    what: `GET /health to answer ${status}`,
  });
}

/** Where a sensor app finds a gateway on these ports. */
export function sensorEnv(ports: GatewayPorts): Record<string, string> {
  return {
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_HTTP_PORT: String(ports.http),
    GATEWAY_GRPC_PORT: String(ports.grpc),
  };
}

function authEnv(auth: TestGatewayAuth): Record<string, string> {
  return auth === 'off'
    ? { DEVICE_AUTH: 'off' }
    : { DEVICE_AUTH: 'required', DATABASE_URL: auth.databaseUrl };
}
