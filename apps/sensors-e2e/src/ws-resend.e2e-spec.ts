import type { Reading } from '@healthcare/contracts';
import { createGenerator, deviceIds, WsSensorClient, type Outcome } from '@healthcare/sensors';
import {
  createTestDatabase,
  expectStoredExactlyOnce,
  Mosquitto,
  MqttCollector,
  readingKey,
  sleep,
  TestGateway,
  TestSubscriber,
  waitFor,
  type TestDatabase,
} from '@healthcare/testing';
import { GATEWAY_ENV } from './support/gateway-env.js';
import { TOPICS, waitForEveryReading } from './support/readings.js';

describe('WebSocket client across a gateway restart', () => {
  let broker: Mosquitto;
  let collector: MqttCollector;
  let gateway: TestGateway | undefined;
  let client: WsSensorClient | undefined;
  let db: TestDatabase | undefined;
  let subscriber: TestSubscriber | undefined;

  beforeAll(async () => {
    broker = await Mosquitto.start();
  });

  afterEach(async () => {
    await client?.close();
    await gateway?.stop();
    await collector?.close();
    await subscriber?.app.stop();
    await db?.drop();
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  /**
   * SIGKILL while the broker is frozen (SIGSTOP): the gateway dies with readings published and
   * not acknowledged by the broker. Had it answered a device before the broker's PUBACK, those
   * readings would be reported received and lost.
   */
  async function crashWithReadingsInFlight(gateway: TestGateway): Promise<void> {
    broker.pause();
    try {
      const before = broker.unreadBytes();
      await waitFor(() => broker.unreadBytes() - before >= 20 * 80, {
        what: '20 readings published to the frozen broker',
      });
      await gateway.app.kill();
    } finally {
      broker.resume();
    }
    await gateway.restart('SIGKILL');
  }

  it.each([
    ['a graceful restart (SIGTERM)', (gateway: TestGateway) => gateway.restart('SIGTERM')],
    ['a crash (SIGKILL) with readings not yet on the broker', crashWithReadingsInFlight],
  ])(
    'every reading streamed across %s arrives on the broker at least once and is stored once',
    async (_, restart) => {
      db = await createTestDatabase('sensors');
      const databaseUrl = db.url;
      subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: databaseUrl });
      collector = await MqttCollector.start(broker.url, [TOPICS.heartRate]);
      gateway = await TestGateway.start(broker.url, { auth: 'off', env: GATEWAY_ENV });
      client = new WsSensorClient({ url: gateway.wsUrl, backoff: { initialMs: 50, maxMs: 500 } });
      const next = createGenerator('heartRate');
      const ids = deviceIds('Heart_001', 5);

      // 5 devices, pipelined, about 250 readings/s, before, during and after the restart
      const sent: Reading<'heartRate'>[] = [];
      const outcomes: Promise<Outcome>[] = [];
      let restarted = false;
      let sentAfterRestart = 0;
      const stream = (async () => {
        while (!restarted || sentAfterRestart < 100) {
          for (const id of ids) {
            const reading = next(id);
            sent.push(reading);
            outcomes.push(client.send(reading));
          }
          if (restarted) sentAfterRestart += ids.length;
          await sleep(20);
        }
      })();

      try {
        await waitFor(() => collector.messages.length >= 100, {
          timeoutMs: 15_000,
          what: '100 readings through the first gateway',
        });
        await restart(gateway);
      } finally {
        restarted = true; // the stream ends 100 readings later, whatever happened
      }
      await stream;

      const results = await Promise.all(outcomes);
      expect(results.filter((o) => o.status !== 'accepted')).toEqual([]);
      // the restart did cut the stream: some readings needed another try
      expect(results.some((o) => o.attempts > 1)).toBe(true);
      await waitForEveryReading(collector, 'heartRate', sent);

      // the subscriber stores each reading once, however often the gateway published it
      await expectStoredExactlyOnce(databaseUrl, { heartRate: sent.map(readingKey) }, 30_000);
    },
    90_000,
  );
});
