import { readingIdProperties, READINGS, type ReadingKind } from '@healthcare/contracts';
import { Mosquitto, TestPostgres, TestSubscriber, type MetricsScrape } from '@healthcare/testing';
import mqtt from 'mqtt';
import { readings } from './support.js';

/**
 * GET /metrics after known traffic (valid, duplicate, conflicting and invalid readings, then a
 * database outage): exact counts, the reading ids as exemplars and in the log, the token asked.
 */
describe('subscriber: GET /metrics', () => {
  let broker: Mosquitto;
  let postgres: TestPostgres;
  let subscriber: TestSubscriber;
  let device: mqtt.MqttClient;

  beforeAll(async () => {
    [broker, postgres] = await Promise.all([Mosquitto.start(), TestPostgres.start()]);
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      DATABASE_URL: postgres.url('healthcare'),
    });
    // as the gateway publishes: MQTT 5, each reading with its id
    device = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
  }, 180_000);
  afterAll(async () => {
    await device?.endAsync();
    await subscriber?.app.stop();
    await broker?.dispose();
    await postgres?.dispose();
  }, 60_000);

  /** Publishes at QoS 1 with the reading id the gateway would give it. */
  async function publish(kind: ReadingKind, payload: unknown, id: string): Promise<void> {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    await device.publishAsync(READINGS[kind].topic, text, {
      qos: 1,
      properties: readingIdProperties(id),
    });
  }

  const value = (m: MetricsScrape, name: string, labels: Record<string, string> = {}) =>
    m.value(`healthcare_subscriber_${name}`, labels);

  it('answers 401 without the operator token', async () => {
    const response = await fetch(`http://127.0.0.1:${subscriber.httpPort}/metrics`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/healthcare_/);
  });

  it('counts what it received, stored, found twice, found different and rejected, exactly', async () => {
    const temperature = readings('temperature', 4);
    const pressure = readings('pressure', 3);
    const heartRate = readings('heartRate', 2);
    for (const [i, r] of temperature.entries()) await publish('temperature', r, `t-${i}`);
    for (const [i, r] of pressure.entries()) await publish('pressure', r, `p-${i}`);
    for (const [i, r] of heartRate.entries()) await publish('heartRate', r, `h-${i}`);
    await subscriber.waitForMetrics((m) => m.inserted === 9, '9 rows');

    await publish('temperature', temperature[0], 'again-0');
    await publish('temperature', { ...temperature[1], value: 41.5 }, 'conflict-1');
    await publish('temperature', '{"sensor_id": ', 'rejected-1');
    await publish(
      'heartRate',
      { ...heartRate[0], value: 1000, date: new Date().toISOString() },
      'rejected-2',
    );
    await subscriber.waitForMetrics(
      (m) => m.received === 13 && m.pending === 0,
      'every message written',
    );

    const m = await subscriber.scrape();
    expect(
      ['temperature', 'pressure', 'heartRate', 'unroutable'].map((kind) =>
        value(m, 'messages_received_total', { kind }),
      ),
    ).toEqual([7, 3, 3, 0]);
    expect(value(m, 'readings_stored_total')).toBe(9);
    expect(value(m, 'readings_duplicate_total')).toBe(1);
    expect(value(m, 'readings_conflicting_total')).toBe(1);
    expect(value(m, 'messages_rejected_total')).toBe(2);
    expect(value(m, 'send_to_commit_seconds_count')).toBe(9);
    // the readings are dated a day ago (support.ts): that is their send-to-commit time
    expect(value(m, 'send_to_commit_seconds_bucket', { le: '3600' })).toBe(0);
    expect(value(m, 'batch_messages_sum')).toBe(13);
    expect(value(m, 'batch_messages_count')).toBe(value(m, 'batches_committed_total'));
    expect(value(m, 'commit_duration_seconds_count')).toBe(value(m, 'batches_committed_total'));
    expect(value(m, 'held_acknowledgements')).toBe(0);
    expect(value(m, 'database_up')).toBe(1);
    expect(value(m, 'broker_connected')).toBe(1);
    expect(value(m, 'mqtt_protocol_version')).toBe(5);
    expect(value(m, 'commit_failures_total')).toBe(0);

    // the last rejected and conflicting readings, by the id the gateway gave them
    expect(m.text).toMatch(
      /^healthcare_subscriber_messages_rejected_total 2 # \{reading_id="rejected-2"\} \d+ [\d.]+$/m,
    );
    expect(m.text).toMatch(
      /^healthcare_subscriber_readings_conflicting_total 1 # \{reading_id="conflict-1"\} 1 [\d.]+$/m,
    );
    const log = subscriber.app.output();
    expect(log).toMatch(/1 readings differ from the stored reading .* \(reading conflict-1\)/);
    expect(log).toMatch(
      /messages rejected \(see rejected_message\); the last, reading rejected-\d on /,
    );
  });

  it('shows a database outage: the database down, failed commits, what it holds; then all stored', async () => {
    const before = await subscriber.metrics();
    await postgres.stop();
    const held = readings('pressure', 5);
    for (const [i, r] of held.entries()) await publish('pressure', r, `outage-${i}`);
    const during = await subscriber.waitForMetrics(
      (m) => m.database === 'down' && m.received === before.received + 5 && m.failedCommits > 0,
      'the outage seen',
    );
    expect(during.heldAcks).toBe(5);
    expect(during.pending).toBe(5);
    expect(during.inserted).toBe(before.inserted);

    await postgres.start();
    const after = await subscriber.waitForMetrics(
      (m) => m.inserted === before.inserted + 5 && m.database === 'up',
      'the held readings stored',
      60_000,
    );
    expect(after).toMatchObject({ heldAcks: 0, pending: 0, rejected: before.rejected });
  });
});
