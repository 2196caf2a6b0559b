import { freePort, type Mosquitto } from '@healthcare/embedded';
import {
  READING_TABLES,
  subscriberMetrics,
  type SubscriberMetrics,
  type TestCertificates,
} from '@healthcare/testing';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { addDevices } from '@healthcare/database';
import pg from 'pg';
import { PROTOCOL_KIND, sourceOf, type Endpoint, type Protocol } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { countRows, waitForRows } from '../metrics/rows.js';
import { freshDatabase, makeCertificates, startBroker } from '../run/helpers.js';
import type { ScenarioContext } from '../scenario.js';
import { WORKSPACE_ROOT } from '../workspace.js';
import type { BenchDatabase } from './database.js';
import { NodeProcess } from './node-process.js';

export const ALL_TABLES = Object.values(READING_TABLES);

export interface SystemOptions {
  /** Start the gateway too (default); without it only the subscriber runs. */
  gateway?: boolean;
  /**
   * TLS on the hops of ingestion, with certificates made for the run: the gateway serves HTTPS,
   * WSS and gRPC over TLS (TLS_CERT_FILE, TLS_KEY_FILE), the broker only mqtts://, which the
   * gateway and the subscriber check against the CA (MQTT_CA_FILE); `endpoint.tls` is what the
   * load clients trust. The database hop stays as BENCH_DATABASE_URL gives it.
   */
  tls?: boolean;
}

/**
 * The system under test for one run: its own Mosquitto (project config) and database, the
 * gateway and the subscriber as built (apps/<name>/dist/main.js), each its own process.
 */
export class System {
  gateway?: NodeProcess;
  subscriber?: NodeProcess;
  /** Readings published by the bench itself to check the path (counted in the rows). */
  probes = 0;
  /** Rows a scenario wrote straight to the reading tables (counted in the rows). */
  seeded = 0;
  /** The tokens of each protocol's simulated devices, registered before the gateway starts. */
  readonly tokens: Partial<Record<Protocol, string[]>> = {};
  private readonly stoppedPeaks: number[] = [];
  private readonly clientId = `bench-subscriber-${randomBytes(3).toString('hex')}`;

  private constructor(
    private readonly ctx: ScenarioContext,
    readonly broker: Mosquitto,
    readonly db: BenchDatabase,
    readonly endpoint: Endpoint,
    private readonly subscriberPort: number,
    private readonly certificates?: TestCertificates,
  ) {}

  static async start(
    ctx: ScenarioContext,
    { gateway = true, tls = false }: SystemOptions = {},
  ): Promise<System> {
    for (const app of gateway ? ['gateway', 'subscriber'] : ['subscriber']) {
      if (!existsSync(join(WORKSPACE_ROOT, `apps/${app}/dist/main.js`))) {
        throw new Error(`apps/${app}/dist/main.js is missing: build it (pnpm bench builds it)`);
      }
    }
    const certificates = tls ? await makeCertificates(ctx) : undefined;
    const [broker, db] = await Promise.all([
      startBroker(ctx, certificates?.server),
      freshDatabase(ctx),
    ]);
    const endpoint: Endpoint = {
      httpPort: await freePort(),
      grpcPort: await freePort(),
      tls: certificates && { ca: certificates.ca },
    };
    const system = new System(ctx, broker, db, endpoint, await freePort(), certificates);
    await system.startSubscriber();
    await system.probe();
    if (gateway) await system.startGateway();
    return system;
  }

  async startSubscriber(): Promise<NodeProcess> {
    const subscriber = this.app('subscriber', {
      DATABASE_URL: this.db.url,
      MQTT_URL: this.broker.url,
      MQTT_CLIENT_ID: this.clientId,
      SUBSCRIBER_HTTP_PORT: String(this.subscriberPort),
      ...this.brokerCa(),
    });
    this.subscriber = subscriber;
    await subscriber.healthy(`http://127.0.0.1:${this.subscriberPort}/health`);
    return subscriber;
  }

  /**
   * The gateway authenticates every device, as in production: the load's devices are registered
   * (with the device registry's code) and each client sends its devices' tokens.
   */
  async startGateway(): Promise<NodeProcess> {
    await this.registerDevices();
    const gateway = this.app('gateway', {
      MQTT_URL: this.broker.url,
      DATABASE_URL: this.db.url,
      // on unless the bench's environment turns it off (to measure what authentication costs)
      DEVICE_AUTH: process.env.DEVICE_AUTH ?? 'required',
      HTTP_PORT: String(this.endpoint.httpPort),
      GRPC_PORT: String(this.endpoint.grpcPort),
      ...this.brokerCa(),
      ...(this.certificates && {
        TLS_CERT_FILE: this.certificates.server.certFile,
        TLS_KEY_FILE: this.certificates.server.keyFile,
      }),
    });
    this.gateway = gateway;
    const scheme = this.endpoint.tls ? 'https' : 'http';
    await gateway.healthy(
      `${scheme}://127.0.0.1:${this.endpoint.httpPort}/health`,
      this.endpoint.tls,
    );
    return gateway;
  }

  /** MQTT_CA_FILE for an app when the broker serves TLS. */
  private brokerCa(): Record<string, string> {
    return this.certificates ? { MQTT_CA_FILE: this.certificates.caFile } : {};
  }

  private async registerDevices(): Promise<void> {
    if (Object.keys(this.tokens).length > 0) return;
    const client = new pg.Client({ connectionString: this.db.url });
    await client.connect();
    try {
      for (const protocol of Object.keys(PROTOCOL_KIND) as Protocol[]) {
        const kind = PROTOCOL_KIND[protocol];
        const ids = sourceOf(protocol).ids;
        this.tokens[protocol] = await addDevices(
          client,
          ids.map((id) => ({ id, kind })),
        );
        await assignToPatients(client, ids);
      }
    } finally {
      await client.end();
    }
  }

  /**
   * Publishes one reading straight to the broker and waits for its row: the subscriber has
   * subscribed and commits before any load starts.
   */
  async probe(): Promise<void> {
    const publisher = await MqttLoadPublisher.connect(
      this.broker.url,
      [new ReadingSource('temperature', 1, `probe${this.probes}`)],
      this.certificates?.ca,
    );
    await new Promise<void>((resolve, reject) =>
      publisher.send((error) => (error ? reject(new Error(error)) : resolve())),
    );
    await publisher.close();
    this.probes++;
    const rows = await waitForRows(this.db, ALL_TABLES, this.probes, { settleMs: 0 });
    if (rows < this.probes) throw new Error('the subscriber did not store the probe reading');
  }

  rows(): Promise<number> {
    return countRows(this.db, ALL_TABLES);
  }

  /** The subscriber's GET /metrics figures (served without a token to this machine), when it answers. */
  async subscriberMetrics(): Promise<SubscriberMetrics | undefined> {
    return subscriberMetrics(this.subscriberPort).catch(() => undefined);
  }

  /** Stops the subscriber (SIGTERM: it commits what it holds); its session stays on the broker. */
  async stopSubscriber(): Promise<void> {
    if (!this.subscriber) return;
    await this.subscriber.stop();
    this.stoppedPeaks.push(this.subscriber.peakRssMb());
  }

  /** Peak RSS in MB of each app over the run (every subscriber process included). */
  peakRssMb(): { gateway: number; subscriber: number } {
    return {
      gateway: this.gateway?.peakRssMb() ?? 0,
      subscriber: Math.max(this.subscriber?.peakRssMb() ?? 0, ...this.stoppedPeaks),
    };
  }

  private app(name: 'gateway' | 'subscriber', env: Record<string, string>): NodeProcess {
    const app = NodeProcess.app(
      name,
      { HOST: '127.0.0.1', LOG_FORMAT: 'json', ...env },
      this.ctx.profileArgs(name),
    );
    this.ctx.defer(() => app.stop());
    return app;
  }
}

/**
 * Each load device is worn by a patient (the i-th device of every kind by patient i), so that
 * the subscriber scores what it stores, as on a ward: with SCORING on, every batch's devices are
 * scored and alerts raised.
 */
async function assignToPatients(client: pg.Client, ids: string[]): Promise<void> {
  await client.query(
    `INSERT INTO assignment (sensor_id, patient, valid_from)
       SELECT sensor_id, 'ward-patient-' || n, '2000-01-01T00:00:00Z'
         FROM unnest($1::text[]) WITH ORDINALITY AS d(sensor_id, n)`,
    [ids],
  );
}
