import type { Reading, ReadingKind } from '@healthcare/contracts';
import {
  countAll,
  createTestDatabase,
  GrpcDevice,
  Mosquitto,
  postTemperature,
  TestApi,
  TestGateway,
  TestSubscriber,
  waitFor,
  WsDevice,
  type TestDatabase,
} from '@healthcare/testing';

/**
 * The whole path a reading takes before the API reads it: a Mosquitto, a database, the gateway
 * and the subscriber (which makes the schema) as processes, then the API on that database.
 */
export class Pipeline {
  private constructor(
    readonly broker: Mosquitto,
    readonly db: TestDatabase,
    readonly gateway: TestGateway,
    readonly subscriber: TestSubscriber,
    readonly api: TestApi,
  ) {}

  static async start(): Promise<Pipeline> {
    const started: { -readonly [K in keyof Parts]?: Parts[K] } = {};
    try {
      [started.broker, started.db] = await Promise.all([
        Mosquitto.start(),
        createTestDatabase('api'),
      ]);
      started.gateway = await TestGateway.start(started.broker.url, { auth: 'off' });
      started.subscriber = await TestSubscriber.start({
        MQTT_URL: started.broker.url,
        DATABASE_URL: started.db.url,
      });
      started.api = await TestApi.start({ DATABASE_URL: started.db.url });
    } catch (err) {
      // what did start is stopped here: the caller has no pipeline to stop
      await stopAll(started);
      throw err;
    }
    const { broker, db, gateway, subscriber, api } = started as Parts;
    return new Pipeline(broker, db, gateway, subscriber, api);
  }

  /** Sends each reading over its kind's protocol (REST, WebSocket, gRPC); each must be taken. */
  async send(kind: ReadingKind, readings: Reading[]): Promise<void> {
    switch (kind) {
      case 'temperature':
        for (const reading of readings) {
          const answer = await postTemperature(this.gateway.httpUrl, reading);
          if (answer.status !== 200) throw new Error(`REST answered ${answer.status}`);
        }
        return;
      case 'heartRate': {
        const device = await WsDevice.connect(this.gateway.wsUrl);
        try {
          for (const reading of readings) {
            const frame = await device.request(reading);
            if (frame.status !== 'received') throw new Error(`WebSocket: ${JSON.stringify(frame)}`);
          }
        } finally {
          device.close();
        }
        return;
      }
      case 'pressure': {
        const device = new GrpcDevice(this.gateway.grpcAddress);
        try {
          for (const reading of readings) await device.sendPressure(reading);
        } finally {
          device.close();
        }
      }
    }
  }

  /** Waits until the subscriber stored this many rows of each kind. */
  async stored(counts: Record<ReadingKind, number>): Promise<void> {
    await waitFor(
      async () => {
        const now = await countAll(this.db.url);
        return (Object.keys(counts) as ReadingKind[]).every((k) => now[k] >= counts[k]);
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `rows stored: ${JSON.stringify(counts)}` },
    );
  }

  stop(): Promise<void> {
    return stopAll(this);
  }
}

type Parts = Pick<Pipeline, 'broker' | 'db' | 'gateway' | 'subscriber' | 'api'>;

/** Stops every part that is there, whatever fails: the apps first, then the broker and database. */
async function stopAll(parts: Partial<Parts>): Promise<void> {
  const apps = await Promise.allSettled([
    parts.api?.stop(),
    parts.gateway?.stop(),
    parts.subscriber?.app.stop(),
  ]);
  const services = await Promise.allSettled([parts.broker?.dispose(), parts.db?.drop()]);
  const failed = [...apps, ...services].find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
