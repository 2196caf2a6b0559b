/**
 * @runFirst minutes long, so it overlaps the other files instead of following them
 * (jest.sequencer.cjs)
 */
import {
  Mosquitto,
  publishAll,
  sleep,
  TestPostgres,
  TestSubscriber,
  type SubscriberMetrics,
} from '@healthcare/testing';
import { expectStoredAmong, mixedStream, publishAtMostOnce } from './support.js';

/** How long the database stays down: as long as the issue asks (issue 10, point 5). */
const OUTAGE_MS = 3 * 60_000;
/** Readings per second the devices keep sending meanwhile, at QoS 1 and at QoS 0. */
const RATE = 150;
const QOS0_RATE = 30;
/** Keepalive of the subscriber's MQTT connection: many keepalive periods fit in the outage. */
const KEEPALIVE_S = 10;
const BATCH_SIZE = 100;
/** The most messages the subscriber may hold: its Receive Maximum, twice BATCH_SIZE. */
const BOUND = 2 * BATCH_SIZE;

describe('subscriber: a long database outage under load', () => {
  let broker: Mosquitto;
  let postgres: TestPostgres;
  let subscriber: TestSubscriber | undefined;

  beforeEach(async () => {
    [broker, postgres] = await Promise.all([Mosquitto.start(), TestPostgres.start()]);
  });

  afterEach(async () => {
    await subscriber?.app.stop();
    await broker.dispose();
    await postgres.dispose();
  });

  it(
    'keeps its MQTT connection, holds at most its bound in memory, and stores every reading once the database is back',
    async () => {
      const databaseUrl = postgres.url('healthcare');
      subscriber = await TestSubscriber.start({
        MQTT_URL: broker.url,
        DATABASE_URL: databaseUrl,
        MQTT_KEEPALIVE_S: String(KEEPALIVE_S),
        BATCH_SIZE: String(BATCH_SIZE),
      });
      const running = subscriber;
      const seconds = OUTAGE_MS / 1000 + 20;
      const stream = mixedStream(Math.ceil((RATE * seconds) / 3));
      // devices that publish straight to the broker at QoS 0: nothing promised, memory bounded
      const atMostOnce = mixedStream(Math.ceil((QOS0_RATE * seconds) / 3));
      const sending = Promise.all([
        publishAll(broker.url, stream, { perSecond: RATE }),
        publishAtMostOnce(broker.url, atMostOnce, QOS0_RATE),
      ]);

      const samples: SubscriberMetrics[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          samples.push(await running.metrics());
          await sleep(1000);
        }
      })();
      try {
        await running.waitForMetrics((m) => m.inserted > 0, 'the first rows');
        await postgres.stop();
        await sleep(OUTAGE_MS);
        await postgres.start();
        await sending;
        await expectStoredAmong(databaseUrl, stream, atMostOnce, 120_000);
      } finally {
        sampling = false;
        await sampler.catch(() => undefined);
      }

      expect(running.app.running).toBe(true);
      const log = running.app.output();
      expect((log.match(/lost the MQTT broker/g) ?? []).length).toBeLessThanOrEqual(1);
      const most = (pick: (m: SubscriberMetrics) => number) => Math.max(...samples.map(pick));
      // one message more than the bound is read before reading stops
      expect(most((m) => m.pending)).toBeLessThanOrEqual(BOUND + 1);
      expect(most((m) => m.heldAcks)).toBeLessThanOrEqual(BOUND + 1);
      expect(most((m) => m.memory.heapUsedBytes)).toBeLessThan(96 * 1024 * 1024);
      expect(samples.some((m) => m.database === 'down')).toBe(true);
    },
    OUTAGE_MS + 4 * 60_000,
  );
});
