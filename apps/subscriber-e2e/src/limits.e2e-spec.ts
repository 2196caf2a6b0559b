import {
  createTestDatabase,
  InProcessBroker,
  Mosquitto,
  publishAll,
  query,
  sleep,
  TestPostgres,
  TestSubscriber,
  type TestDatabase,
} from '@healthcare/testing';
import {
  expectStoredAmong,
  manyUnknownFields,
  messages,
  mixedStream,
  publishAtMostOnce,
  readings,
} from './support.js';

const MB = 1024 * 1024;

/** What one message, or many, can do to the subscriber's memory: each limit driven past. */
describe('subscriber: limits', () => {
  let db: TestDatabase | undefined;
  const subscribers: TestSubscriber[] = [];
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((s) => s.app.stop()));
    for (const close of closers.splice(0).reverse()) await close();
    await db?.drop();
    db = undefined;
  });

  async function start(env: Record<string, string>): Promise<TestSubscriber> {
    const subscriber = await TestSubscriber.start(env);
    subscribers.push(subscriber);
    return subscriber;
  }

  async function mosquitto(config: 'project' | 'default'): Promise<Mosquitto> {
    const broker = await Mosquitto.start({ config });
    closers.push(() => broker.dispose());
    return broker;
  }

  it('survives a 20 MB message with a million unknown fields that a broker lets through, records it cut short, and stores the 100 readings after it', async () => {
    // the embedded broker speaks MQTT 3.1.1 and has no size limit: nothing stops the message
    const broker = await InProcessBroker.start();
    closers.push(() => broker.stop());
    db = await createTestDatabase('subscriber');
    const subscriber = await start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
    const big = manyUnknownFields(20 * MB);

    await publishAll(broker.url, [{ topic: 'temperature', payload: big }]);
    await publishAll(broker.url, messages('temperature', readings('temperature', 100)));
    await subscriber.waitForMetrics(
      (m) => m.inserted === 100 && m.rejected === 1,
      '100 rows and the big message rejected',
      60_000,
    );

    expect(subscriber.app.running).toBe(true);
    const [row] = await query<{ payload: string; reason: string }>(
      db.url,
      'SELECT payload, reason FROM rejected_message',
    );
    expect(row.reason).toMatch(/^the message is \d+ bytes, more than the 65536 bytes/);
    expect(row.payload.length).toBeLessThan(17 * 1024);
    expect(row.payload.startsWith(big.slice(0, 1000))).toBe(true);
  });

  it('over MQTT 5 is never sent a message above its Maximum Packet Size, even by a broker with no size limit', async () => {
    const broker = await mosquitto('default');
    db = await createTestDatabase('subscriber');
    const subscriber = await start({ MQTT_URL: broker.url, DATABASE_URL: db.url });

    await publishAll(broker.url, [{ topic: 'temperature', payload: manyUnknownFields(20 * MB) }]);
    await publishAll(broker.url, messages('temperature', readings('temperature', 100)));
    const metrics = await subscriber.waitForMetrics((m) => m.inserted === 100, '100 rows');

    expect(subscriber.app.running).toBe(true);
    expect(metrics).toMatchObject({ received: 100, rejected: 0, mqttProtocol: '5' });
  });

  it('behind the project broker: a message above its size limit never reaches the subscriber, one under it with thousands of unknown fields is one rejection with a bounded reason', async () => {
    const broker = await mosquitto('project');
    db = await createTestDatabase('subscriber');
    const subscriber = await start({ MQTT_URL: broker.url, DATABASE_URL: db.url });

    // Mosquitto completes the QoS 1 flow and drops them. (Its PUBACK to an MQTT 5 publisher
    // carries reason code 149, which mqtt.js refuses as invalid and drops the connection.)
    const over = [20 * MB, 64 * 1024 + 1].map((bytes) => manyUnknownFields(bytes));
    await publishAll(
      broker.url,
      over.map((payload) => ({ topic: 'temperature', payload })),
    );
    const wide = manyUnknownFields(60 * 1024);
    await publishAll(broker.url, [{ topic: 'temperature', payload: wide }]);
    await publishAll(broker.url, messages('temperature', readings('temperature', 100)));
    const metrics = await subscriber.waitForMetrics(
      (m) => m.inserted === 100 && m.rejected === 1,
      '100 rows and one rejection',
    );
    // the one just over the limit fits the subscriber's Maximum Packet Size: only the broker kept it away
    expect(metrics.received).toBe(101);

    const [row] = await query<{ payload: string; reason: string }>(
      db.url,
      'SELECT payload, reason FROM rejected_message',
    );
    expect(row.reason).toMatch(/k0 is not a field of a temperature reading/);
    expect(row.reason).toMatch(/and \d+ more fields that are not fields of a temperature reading/);
    expect(row.reason.length).toBeLessThan(2000);
    expect(row.payload).toBe(
      wide.slice(0, 16 * 1024) + `... (truncated, ${wide.length} characters)`,
    );
  });

  it('counts QoS 0 messages against the bound on unacknowledged ones: with the database down it stops reading, and stores every QoS 1 reading once it is back', async () => {
    const broker = await mosquitto('project');
    const postgres = await TestPostgres.start();
    closers.push(() => postgres.dispose());
    const databaseUrl = postgres.url('healthcare');
    // the bound is the Receive Maximum, twice BATCH_SIZE
    const bound = 200;
    const subscriber = await start({
      MQTT_URL: broker.url,
      DATABASE_URL: databaseUrl,
      BATCH_SIZE: String(bound / 2),
    });
    await postgres.stop();

    const atMostOnce = mixedStream(700);
    const atLeastOnce = mixedStream(200);
    await publishAtMostOnce(broker.url, atMostOnce);
    await publishAll(broker.url, atLeastOnce);
    await subscriber.waitForMetrics((m) => m.pending >= bound, 'the bound reached');
    let most = 0;
    for (let i = 0; i < 20; i++) {
      most = Math.max(most, (await subscriber.metrics()).pending);
      await sleep(150);
    }
    // one message more than the bound is read before reading stops
    expect(most).toBeLessThanOrEqual(bound + 1);
    expect(subscriber.app.running).toBe(true);

    await postgres.start();
    await expectStoredAmong(databaseUrl, atLeastOnce, atMostOnce);
  });
});
