import { randomBytes } from 'node:crypto';
import type { ManagedProcess } from '@healthcare/embedded/managed-process';
import { startTestApp } from './app-process.js';
import { freePort, waitFor } from './ports.js';

/** What the subscriber's GET /metrics answers. */
export interface SubscriberMetrics {
  received: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  failedCommits: number;
  pending: number;
  heldAcks: number;
  database: 'up' | 'down';
  broker: 'connected' | 'disconnected';
  mqttProtocol: string;
  /** Readings that differed from the stored one with the same sensor_id and timestamp. */
  conflicts: number;
  memory: { heapUsedBytes: number; rssBytes: number };
}

/** The built subscriber (apps/subscriber/dist) as its own process, ready to store. */
export class TestSubscriber {
  private constructor(
    readonly app: ManagedProcess,
    readonly httpPort: number,
  ) {}

  /** `env` needs MQTT_URL and DATABASE_URL; MQTT_CLIENT_ID defaults to one of its own. */
  static async start(env: Record<string, string>): Promise<TestSubscriber> {
    const httpPort = await freePort();
    const app = startTestApp('subscriber', {
      MQTT_CLIENT_ID: `subscriber-${randomBytes(3).toString('hex')}`,
      ...env,
      SUBSCRIBER_HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
    });
    const subscriber = new TestSubscriber(app, httpPort);
    await app.waitForOutput(/subscriber ready/, 30_000);
    return subscriber;
  }

  async metrics(): Promise<SubscriberMetrics> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/metrics`);
    return (await response.json()) as SubscriberMetrics;
  }

  async health(): Promise<{ status: number; body: { status: string } & Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/health`);
    return { status: response.status, body: (await response.json()) as { status: string } };
  }

  /** Polls /metrics until `check` holds. */
  async waitForMetrics(
    check: (m: SubscriberMetrics) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<SubscriberMetrics> {
    return waitFor(
      async () => {
        const metrics = await this.metrics();
        return check(metrics) ? metrics : undefined;
      },
      { timeoutMs, what: `${what} (subscriber /metrics)` },
    );
  }
}
