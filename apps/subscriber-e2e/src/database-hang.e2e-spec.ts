import {
  createTestDatabase,
  expectStoredExactlyOnce,
  Mosquitto,
  publishAll,
  TestSubscriber,
  type TestDatabase,
} from '@healthcare/testing';
import { expectedReadings, mixedStream } from './support.js';
import { TcpProxy } from './tcp-proxy.js';

/** A database connection that stops answering without closing: the commit must not wait forever. */
describe('subscriber: a hung database connection', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let subscriber: TestSubscriber | undefined;

  beforeEach(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('subscriber')]);
    proxy = await TcpProxy.start(Number(new URL(db.url).port || 5432));
  });

  afterEach(async () => {
    await subscriber?.app.stop();
    await proxy.close();
    await broker.dispose();
    await db.drop();
  });

  it('gives up on a commit that hangs within the statement timeout, and stores the batch on a new connection', async () => {
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      DATABASE_URL: url.toString(),
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
    });
    const stream = mixedStream(200);
    const [before, after] = [stream.slice(0, 300), stream.slice(300)];
    await publishAll(broker.url, before);
    await subscriber.waitForMetrics((m) => m.inserted === before.length, 'the first rows');

    // the pooled connections now lead nowhere; new ones reach the database
    proxy.freeze();
    await publishAll(broker.url, after);
    await expectStoredExactlyOnce(db.url, expectedReadings(stream), 30_000);

    const metrics = await subscriber.metrics();
    expect(metrics.failedCommits).toBeGreaterThan(0);
    expect(subscriber.app.output()).toMatch(/cannot write to the database: .*timeout/i);
  });
});
