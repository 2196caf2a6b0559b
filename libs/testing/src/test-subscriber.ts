import { randomBytes } from 'node:crypto';
import type { ManagedProcess } from '@healthcare/embedded/managed-process';
import { startTestApp, APP_READY_TIMEOUT_MS } from './app-process.js';
import {
  scrapeMetrics,
  subscriberMetrics,
  type MetricsScrape,
  type SubscriberMetrics,
} from './metrics.js';
import { freePort, waitFor } from './ports.js';

/** The built subscriber (apps/subscriber/dist) as its own process, ready to store. */
export class TestSubscriber {
  private constructor(
    private current: ManagedProcess,
    private readonly env: Record<string, string>,
    readonly httpPort: number,
  ) {}

  /**
   * `env` needs MQTT_URL and DATABASE_URL; MQTT_CLIENT_ID defaults to one of its own, and
   * METRICS_TOKEN to a new one, which metrics() sends.
   */
  static async start(env: Record<string, string>): Promise<TestSubscriber> {
    const httpPort = await freePort();
    const own = {
      MQTT_CLIENT_ID: `subscriber-${randomBytes(3).toString('hex')}`,
      METRICS_TOKEN: randomBytes(16).toString('hex'),
      ...env,
      SUBSCRIBER_HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
    };
    const subscriber = new TestSubscriber(startTestApp('subscriber', own), own, httpPort);
    try {
      await subscriber.ready();
    } catch (err) {
      // nothing left running for a test that never got hold of it
      await subscriber.app.kill();
      throw err;
    }
    return subscriber;
  }

  /** The current process; a new one after restart(). */
  get app(): ManagedProcess {
    return this.current;
  }

  /**
   * Stops it (SIGTERM: graceful; SIGKILL: a crash) and starts a new one with the same settings:
   * the same client id, so the same persistent session on the broker.
   */
  async restart(signal: NodeJS.Signals): Promise<void> {
    await this.current.stop(signal);
    this.current = startTestApp('subscriber', this.env);
    await this.ready();
  }

  private async ready(): Promise<void> {
    await this.current.waitForOutput(/subscriber ready/, APP_READY_TIMEOUT_MS);
  }

  /** The operator's token its GET /metrics asks for. */
  get metricsToken(): string {
    return this.env.METRICS_TOKEN;
  }

  /** Its GET /metrics, read into the figures tests compare. */
  metrics(): Promise<SubscriberMetrics> {
    return subscriberMetrics(this.httpPort, this.metricsToken);
  }

  /** Its GET /metrics as served. */
  scrape(): Promise<MetricsScrape> {
    return scrapeMetrics(`http://127.0.0.1:${this.httpPort}/metrics`, this.metricsToken);
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
    let last: SubscriberMetrics | undefined;
    try {
      return await waitFor(
        async () => {
          last = await this.metrics();
          return check(last) ? last : undefined;
        },
        { timeoutMs, what: `${what} (subscriber /metrics)` },
      );
    } catch (err) {
      // what it had done and said by then: a wait that fails in CI is read from this alone
      const seen = last ? JSON.stringify(last) : 'no answer';
      throw new Error(
        `${(err as Error).message}\nlast metrics: ${seen}\n` +
          `--- ${this.current.name} output ---\n${this.current.tail()}`,
      );
    }
  }
}
