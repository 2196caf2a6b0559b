import {
  countAll,
  createTestDatabase,
  Mosquitto,
  publishAll,
  storedKeys,
  TestSubscriber,
  waitFor,
  type TestDatabase,
} from '@healthcare/testing';
import { READING_KINDS } from '@healthcare/contracts';
import { BROKER_CRASH_WINDOW_MS } from './support/loss-window.js';
import { messageKey, readingMessages } from './support/readings.js';

/**
 * What a Mosquitto crash loses with the project's persistence settings: the subscriber is stopped
 * (the furthest behind it can be), so every reading waits in its session on the broker; the broker
 * is killed right after acknowledging the last one.
 */
describe('broker crash (kill -9) while the subscriber is stopped', () => {
  let broker: Mosquitto | undefined;
  let db: TestDatabase | undefined;
  let subscriber: TestSubscriber | undefined;

  afterEach(async () => {
    await subscriber?.app.stop();
    await broker?.dispose();
    await db?.drop();
  });

  it('loses only readings acknowledged within the last autosave window', async () => {
    broker = await Mosquitto.start();
    db = await createTestDatabase('faults');
    const env = {
      MQTT_URL: broker.url,
      DATABASE_URL: db.url,
      MQTT_CLIENT_ID: 'subscriber-broker-crash',
    };
    // the persistent session exists, and a clean restart has written it to disk: only the
    // readings are at stake below
    subscriber = await TestSubscriber.start(env);
    await subscriber.app.stop();
    await broker.stop();
    await broker.start();

    const rate = 1000;
    const messages = readingMessages(6 * rate);
    const ackedAt = new Array<number>(messages.length);
    await publishAll(broker.url, messages, {
      perSecond: rate,
      onAck: (index) => (ackedAt[index] = Date.now()),
    });
    const killedAt = Date.now();
    await broker.kill();
    await broker.start();
    subscriber = await TestSubscriber.start(env);

    // what survived is stored once the subscriber has drained its session and is idle
    await waitFor(
      async () => {
        const first = await subscriber!.metrics();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const then = await subscriber!.metrics();
        return then.heldAcks === 0 && then.pending === 0 && then.received === first.received;
      },
      { timeoutMs: 60_000, intervalMs: 0, what: 'the subscriber idle after the restart' },
    );
    const stored = new Set<string>();
    for (const kind of READING_KINDS) {
      for (const key of await storedKeys(db.url, kind)) stored.add(`${kind}:${key}`);
    }
    const lost = messages
      .map((m, i) => ({ key: messageKey(m), i }))
      .filter(({ key }) => !stored.has(key))
      .map(({ i }) => killedAt - ackedAt[i]);
    const oldest = Math.max(0, ...lost);
    const total = Object.values(await countAll(db.url)).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `\nbroker kill -9, subscriber stopped: ${messages.length} readings acknowledged at ` +
        `${rate}/s, ${total} stored after the restart, ${lost.length} lost ` +
        `(acknowledged at most ${oldest} ms before the kill; bound ${BROKER_CRASH_WINDOW_MS} ms)\n`,
    );
    expect(total).toBe(messages.length - lost.length);
    expect(oldest).toBeLessThanOrEqual(BROKER_CRASH_WINDOW_MS);
  });
});
