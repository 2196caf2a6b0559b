import {
  createTestDatabase,
  generatedBrokerSettings,
  Mosquitto,
  publishAll,
  query,
  TestSubscriber,
  waitFor,
  type BrokerAccessSettings,
  type MetricsScrape,
  type TestDatabase,
  loginUrl,
} from '@healthcare/testing';
import { messages, readings } from './support.js';

/** What the dashboard and operators read of Mosquitto's `$SYS` tree, through the subscriber. */
const GAUGES = [
  'clients_connected',
  'clients_disconnected',
  'messages_stored',
  'stored_messages_bytes',
  'subscriptions',
  'heap_bytes',
  'uptime_seconds',
];
const COUNTERS = [
  'messages_received_total',
  'messages_sent_total',
  'publish_messages_received_total',
  'publish_messages_sent_total',
  'publish_messages_dropped_total',
  'received_bytes_total',
  'sent_bytes_total',
];

/** Mosquitto with the generated logins and ACL, its statistics published every second. */
describe("subscriber: Mosquitto's $SYS statistics on /metrics", () => {
  let access: BrokerAccessSettings;
  let broker: Mosquitto;
  let db: TestDatabase;
  let subscriber: TestSubscriber;

  beforeAll(async () => {
    access = generatedBrokerSettings();
    [broker, db] = await Promise.all([
      Mosquitto.start({ access, extraConfig: ['sys_interval 1'] }),
      createTestDatabase('sys'),
    ]);
    subscriber = await TestSubscriber.start({
      MQTT_URL: loginUrl(
        broker.url,
        access.MQTT_SUBSCRIBER_USERNAME,
        access.MQTT_SUBSCRIBER_PASSWORD,
      ),
      DATABASE_URL: db.url,
    });
  });

  afterAll(async () => {
    await subscriber?.app.stop();
    await broker?.dispose();
    await db?.drop();
  });

  const mosquitto = (m: MetricsScrape, name: string) => m.value(`healthcare_mosquitto_${name}`);
  const scrapeWhen = (check: (m: MetricsScrape) => boolean, what: string) =>
    waitFor(
      async () => {
        const m = await subscriber.scrape();
        return check(m) ? m : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, what },
    );

  it("serves each statistic with the broker's value, and follows what the broker does", async () => {
    // the retained values come first (those of the broker's start), then a second's update:
    // the subscriber itself connected, with its three reading subscriptions and these
    const first = await scrapeWhen(
      (m) =>
        [...GAUGES, ...COUNTERS].every((n) => m.has(`healthcare_mosquitto_${n}`)) &&
        mosquitto(m, 'clients_connected') >= 1 &&
        mosquitto(m, 'subscriptions') >= 3,
      'every healthcare_mosquitto_* metric, the subscriber connected',
    );
    expect(first.text).toContain('# TYPE healthcare_mosquitto_clients_connected gauge');
    expect(first.text).toContain('# TYPE healthcare_mosquitto_received_bytes counter');
    expect(mosquitto(first, 'heap_bytes')).toBeGreaterThan(0);

    // 50 readings from the gateway's login: the broker counts each PUBLISH it received
    const before = mosquitto(first, 'publish_messages_received_total');
    const bytesBefore = mosquitto(first, 'received_bytes_total');
    await publishAll(
      loginUrl(broker.url, access.MQTT_GATEWAY_USERNAME, access.MQTT_GATEWAY_PASSWORD),
      messages('temperature', readings('temperature', 50)),
    );
    const after = await scrapeWhen(
      (m) => mosquitto(m, 'publish_messages_received_total') >= before + 50,
      'the 50 publishes counted',
    );
    expect(mosquitto(after, 'publish_messages_received_total')).toBe(before + 50);
    expect(mosquitto(after, 'received_bytes_total')).toBeGreaterThan(bytesBefore);
    await scrapeWhen(
      (m) => mosquitto(m, 'uptime_seconds') > mosquitto(first, 'uptime_seconds'),
      'the uptime to move on',
    );

    // the statistics go to the metrics only: all 50 readings stored, nothing else
    const stored = await subscriber.waitForMetrics((m) => m.inserted === 50, '50 rows');
    expect(stored.rejected).toBe(0);
    expect(
      after.value('healthcare_subscriber_messages_received_total', { kind: 'unroutable' }),
    ).toBe(0);
    expect(await query(db.url, 'SELECT topic FROM rejected_message')).toEqual([]);
  });
});
