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
    const [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('api')]);
    const gateway = await TestGateway.start(broker.url);
    const subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
    const api = await TestApi.start({ DATABASE_URL: db.url });
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

  async stop(): Promise<void> {
    await Promise.all([this.api?.stop(), this.gateway?.stop(), this.subscriber?.app.stop()]);
    await this.broker?.dispose();
    await this.db?.drop();
  }
}
