import {
  createTestDatabase,
  expectStoredExactlyOnce,
  Mosquitto,
  publishAll,
  TestPostgres,
  TestSubscriber,
  waitFor,
  writingTransactions,
  type TestDatabase,
} from '@healthcare/testing';
import { expectedReadings, mixedStream } from './support.js';

/** Every reading stored exactly once through crashes, restarts, outages and replicas. */
describe('subscriber: resilience', () => {
  let broker: Mosquitto;
  let db: TestDatabase | undefined;
  const subscribers: TestSubscriber[] = [];

  beforeEach(async () => {
    broker = await Mosquitto.start();
  });

  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.app.stop()));
    await broker.dispose();
    await db?.drop();
    db = undefined;
  });

  async function start(env: Record<string, string>): Promise<TestSubscriber> {
    const subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, ...env });
    subscribers.push(subscriber);
    return subscriber;
  }

  it('loses and duplicates nothing when killed with SIGKILL in the middle of a stream', async () => {
    db = await createTestDatabase('subscriber');
    // batches of a whole second, so that the kill finds readings received and not yet committed:
    // had they been acknowledged on receipt, the broker would not deliver them again
    const env = {
      DATABASE_URL: db.url,
      MQTT_CLIENT_ID: 'subscriber-kill',
      FLUSH_MS: '1000',
      BATCH_SIZE: '5000',
    };
    const first = await start(env);
    const stream = mixedStream(2000);
    const [before, after] = [stream.slice(0, 4500), stream.slice(4500)];

    // devices keep sending (1,000 readings/s) while the subscriber is killed
    const sending = publishAll(broker.url, before, { perSecond: 1000 });
    await first.waitForMetrics(
      (m) => m.inserted > 0 && m.received - m.inserted >= 200,
      'a batch committed and the next one holding 200 readings',
    );
    await first.app.kill();
    await sending;
    await publishAll(broker.url, after);

    await start(env);
    await expectStoredExactlyOnce(db.url, expectedReadings(stream));
  });

  it('stores a backlog of 20,000 readings published while it was stopped, in far fewer transactions', async () => {
    db = await createTestDatabase('subscriber');
    const env = { DATABASE_URL: db.url, MQTT_CLIENT_ID: 'subscriber-backlog' };
    // the first start creates the persistent session and its subscriptions
    await (await start(env)).app.stop();
    subscribers.length = 0;

    const stream = mixedStream(6667).slice(0, 20_000);
    await publishAll(broker.url, stream, { inFlight: 500 });

    const subscriber = await start(env);
    let mostHeld = 0;
    const metrics = await subscriber.waitForMetrics(
      (m) => {
        mostHeld = Math.max(mostHeld, m.heldAcks);
        return m.inserted === 20_000;
      },
      '20,000 rows',
      90_000,
    );
    expect(metrics.batches).toBeLessThan(200); // MQTT 5 Receive Maximum let batches grow past 20
    // and as PostgreSQL saw it, not only as the subscriber counts it
    expect(await writingTransactions(db.url)).toBeLessThan(200);
    // memory stays bounded: it stops reading past its Receive Maximum (2 x BATCH_SIZE 500)
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(1001);
    expect(metrics.rejected).toBe(0);
    expect(metrics.mqttProtocol).toBe('5');
  });

  it('holds the readings while the database is stopped, stores them all once it is back, and keeps running', async () => {
    const postgres = await TestPostgres.start();
    try {
      const databaseUrl = postgres.url('healthcare');
      const subscriber = await start({ DATABASE_URL: databaseUrl });
      const stream = mixedStream(600);
      const [before, after] = [stream.slice(0, 1200), stream.slice(1200)];

      const sending = publishAll(broker.url, before, { perSecond: 600 });
      await subscriber.waitForMetrics((m) => m.inserted >= 300, 'part of the stream stored');
      await postgres.stop();
      await sending;
      await publishAll(broker.url, after);
      await subscriber.waitForMetrics((m) => m.database === 'down', 'the outage noticed');
      expect((await subscriber.health()).status).toBe(503);
      // received, not stored, so not acknowledged: a crash now would lose nothing
      expect((await subscriber.metrics()).heldAcks).toBeGreaterThan(0);

      await postgres.start();
      await expectStoredExactlyOnce(databaseUrl, expectedReadings(stream));
      expect(subscriber.app.running).toBe(true);
      await waitFor(async () => (await subscriber.health()).status === 200, {
        what: '/health back to 200',
      });
      // one line when writes started failing and one when they worked again, not one per retry
      const log = subscriber.app.output();
      expect(log.match(/cannot write to the database/g)).toHaveLength(1);
      expect(log.match(/database writes work again/g)).toHaveLength(1);
    } finally {
      await Promise.all(subscribers.splice(0).map((s) => s.app.stop()));
      await postgres.dispose();
    }
  });

  it('stopped while the database is down, gives up on what it holds without acknowledging it; restarted, stores every reading', async () => {
    const postgres = await TestPostgres.start();
    try {
      const databaseUrl = postgres.url('healthcare');
      const env = {
        DATABASE_URL: databaseUrl,
        MQTT_CLIENT_ID: 'subscriber-abandon',
        SHUTDOWN_TIMEOUT_MS: '1000',
      };
      const first = await start(env);
      await postgres.stop();
      const stream = mixedStream(100);
      await publishAll(broker.url, stream);
      await first.waitForMetrics(
        (m) => m.received === stream.length && m.database === 'down',
        'every reading held, the database down',
      );

      // the last batch cannot commit: shutdown waits SHUTDOWN_TIMEOUT_MS, then leaves it
      expect(await first.app.stop('SIGTERM')).toBe(0);
      expect(first.app.output()).toMatch(
        new RegExp(`${stream.length} messages not written within 1000 ms`),
      );

      // had the abandoned readings been acknowledged, the broker would not deliver them again
      await postgres.start();
      await start(env);
      await expectStoredExactlyOnce(databaseUrl, expectedReadings(stream), 30_000);
    } finally {
      await Promise.all(subscribers.splice(0).map((s) => s.app.stop()));
      await postgres.dispose();
    }
  });

  it('splits the stream between two replicas in a shared group, storing each reading once', async () => {
    db = await createTestDatabase('subscriber');
    const env = { DATABASE_URL: db.url, MQTT_SHARED_GROUP: 'storers' };
    // started together: the migrations must still run once
    const [a, b] = await Promise.all([
      start({ ...env, MQTT_CLIENT_ID: 'subscriber-a' }),
      start({ ...env, MQTT_CLIENT_ID: 'subscriber-b' }),
    ]);
    const stream = mixedStream(1000);
    await publishAll(broker.url, stream);

    await expectStoredExactlyOnce(db.url, expectedReadings(stream));
    const [ma, mb] = await Promise.all([a.metrics(), b.metrics()]);
    expect(ma.received).toBeGreaterThan(0);
    expect(mb.received).toBeGreaterThan(0);
    expect(ma.received + mb.received).toBe(stream.length);
    expect(ma.inserted + mb.inserted).toBe(stream.length);
  });

  it('reconnects after the broker restarts and stores what was published meanwhile', async () => {
    db = await createTestDatabase('subscriber');
    const subscriber = await start({ DATABASE_URL: db.url });
    await broker.stop();
    await subscriber.waitForMetrics((m) => m.broker === 'disconnected', 'the broker gone');
    await broker.start();
    // readings published before the subscriber is back wait in its persistent session
    const stream = mixedStream(100);
    await publishAll(broker.url, stream);
    await expectStoredExactlyOnce(db.url, expectedReadings(stream));
    expect(subscriber.app.output()).toMatch(/session resumed/);
  });
});
