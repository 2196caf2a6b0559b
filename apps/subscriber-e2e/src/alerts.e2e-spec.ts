import type { AlertMessage, VitalsMessage } from '@healthcare/contracts';
import { assignDevice, LIVE_CHANNEL } from '@healthcare/database';
import {
  createTestDatabase,
  Mosquitto,
  MqttCollector,
  publishAll,
  query,
  sleep,
  TestSubscriber,
  waitFor,
  type TestDatabase,
} from '@healthcare/testing';
import pg from 'pg';

const PREFIX = 'ward-3';
let clock = Date.now() - 10 * 60_000;
/** Each reading a second after the last, so the newest is always the one just sent. */
const nextDate = () => new Date((clock += 1000)).toISOString();

const pressure = (sensor_id: string, systolic: number) => ({
  topic: `${PREFIX}/pressure`,
  payload: JSON.stringify({ sensor_id, systolic, diastolic: 50, unit: 'mmHg', date: nextDate() }),
});
const pulse = (sensor_id: string, value: number) => ({
  topic: `${PREFIX}/heartRate`,
  payload: JSON.stringify({ sensor_id, value, unit: 'bpm', date: nextDate() }),
});
const temperature = (sensor_id: string, value: number) => ({
  topic: `${PREFIX}/temperature`,
  payload: JSON.stringify({ sensor_id, value, unit: 'C', date: nextDate() }),
});

/** The stored readings are scored for the patient wearing the device; alerts go on `alerts`. */
describe('subscriber: NEWS2 alerts', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let subscriber: TestSubscriber;
  let alerts: MqttCollector;

  const published = () =>
    alerts.on(`${PREFIX}/alerts`).map((m) => JSON.parse(m.payload) as AlertMessage);
  const waitForAlerts = (count: number) =>
    waitFor(() => (published().length >= count ? published() : undefined), {
      timeoutMs: 15_000,
      what: `${count} messages on ${PREFIX}/alerts (have ${published().length})`,
    });

  beforeAll(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('alerts')]);
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      DATABASE_URL: db.url,
      MQTT_TOPIC_PREFIX: PREFIX,
      // the longest allowed: alerts must still leave within 2 s of their reading
      SCORING_INTERVAL_MS: '1000',
    });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const since = new Date(Date.now() - 3600_000);
    for (const device of ['bp-1', 'hr-1', 'tp-1']) await assignDevice(client, device, 'p-1', since);
    await client.end();
    alerts = await MqttCollector.start(broker.url, [`${PREFIX}/alerts`]);
  });

  afterAll(async () => {
    await alerts?.close();
    await subscriber?.app.stop();
    await broker?.dispose();
    await db?.drop();
  });

  beforeEach(() => alerts.clear());

  it('opens one alert for a red systolic value, updates it rather than open another, and closes it when the value returns', async () => {
    await publishAll(broker.url, [pressure('bp-1', 85)]);
    const [opened] = await waitForAlerts(1);
    expect(opened).toMatchObject({
      change: 'opened',
      patient: 'p-1',
      cause: 'systolic',
      value: 85,
      score: 3,
      closed_at: null,
      acknowledged_by: null,
    });

    await publishAll(broker.url, [pressure('bp-1', 88)]);
    const [, updated] = await waitForAlerts(2);
    expect(updated).toMatchObject({ change: 'updated', id: opened.id, value: 88, score: 3 });
    const open = await query(db.url, `SELECT id FROM alert WHERE closed_at IS NULL`);
    expect(open).toHaveLength(1);

    await publishAll(broker.url, [pressure('bp-1', 120)]);
    const [, , closed] = await waitForAlerts(3);
    expect(closed).toMatchObject({ change: 'closed', id: opened.id, cause: 'systolic' });
    expect(closed.closed_at).not.toBeNull();
    const rows = await query(db.url, `SELECT closed_at FROM alert WHERE id = $1`, [opened.id]);
    expect(rows[0].closed_at).not.toBeNull();
  });

  it('publishes an alert within 2 s of its reading, also right after another round', async () => {
    // a round scores this reading: the red one after it waits for the next round
    const before = await subscriber.metrics();
    await publishAll(broker.url, [pulse('hr-1', 72)]);
    await subscriber.waitForMetrics(
      (m) => m.scoringRounds > before.scoringRounds,
      'the pulse scored',
    );
    const sent = Date.now();
    await publishAll(broker.url, [pressure('bp-1', 80)]);
    const opened = await waitFor(
      () => published().find((a) => a.cause === 'systolic' && a.change === 'opened'),
      { timeoutMs: 2000, intervalMs: 20, what: 'the systolic alert within 2 s' },
    );
    expect(opened).toMatchObject({ value: 80, score: 3 });
    expect(Date.now() - sent).toBeLessThan(2000);
    await publishAll(broker.url, [pressure('bp-1', 120)]);
    await waitFor(() => published().find((a) => a.change === 'closed'), {
      timeoutMs: 15_000,
      what: 'the systolic alert closed',
    });
  });

  it('raises a pulse alert and a partial-sum alert from the newest value of each parameter', async () => {
    // pulse 135 scores 3, temperature 39.5 scores 2: 5 in all
    await publishAll(broker.url, [temperature('tp-1', 39.5)]);
    await publishAll(broker.url, [pulse('hr-1', 135)]);
    const got = await waitForAlerts(2);
    expect(got.map((a) => [a.change, a.cause]).sort()).toEqual([
      ['opened', 'partial-sum'],
      ['opened', 'pulse'],
    ]);
    expect(got.find((a) => a.cause === 'partial-sum')).toMatchObject({ value: null, score: 5 });

    await publishAll(broker.url, [pulse('hr-1', 70), temperature('tp-1', 37)]);
    const closed = (await waitForAlerts(4)).filter((a) => a.change === 'closed');
    expect(closed.map((a) => a.cause).sort()).toEqual(['partial-sum', 'pulse']);
  });

  it('counts no value older than VITAL_MAX_AGE_S (default 1 h): no alert from it, not in the partial sum', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const vitals: VitalsMessage[] = [];
    try {
      const since = new Date(Date.now() - 3 * 3600_000);
      for (const device of ['bp-2', 'hr-2', 'tp-2']) {
        await assignDevice(client, device, 'p-2', since);
      }
      client.on('notification', (n) => {
        const message = JSON.parse(n.payload!) as VitalsMessage;
        if (message.type === 'vitals' && message.patient === 'p-2') vitals.push(message);
      });
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      const before = await subscriber.metrics();
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
      await publishAll(broker.url, [
        // 34.0 °C scores 3, but it is two hours old
        {
          topic: `${PREFIX}/temperature`,
          payload: JSON.stringify({ sensor_id: 'tp-2', value: 34, unit: 'C', date: twoHoursAgo }),
        },
        pressure('bp-2', 95), // 2
        pulse('hr-2', 125), // 2
      ]);
      const last = await waitFor(() => vitals.find((m) => Object.keys(m.vitals).length === 3), {
        timeoutMs: 15_000,
        what: "p-2's vitals with all three parameters",
      });
      expect(last.vitals.temperature).toEqual({
        value: 34,
        at: twoHoursAgo,
        score: null,
        stale: true,
      });
      expect(last.vitals.systolic).toMatchObject({ value: 95, score: 2, stale: false });
      expect(last.partial_score).toBe(4);
      await subscriber.waitForMetrics(
        (m) => m.inserted === before.inserted + 3 && m.scoringRounds > before.scoringRounds,
        'the readings stored and scored',
      );
      // the round that sent these vitals applies its score right after: give it time
      await sleep(1000);
      expect(await query(db.url, `SELECT cause FROM alert WHERE patient = 'p-2'`)).toEqual([]);
      expect(published().filter((a) => a.patient === 'p-2')).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('keeps a partial-sum alert open while a value in it has gone stale, and closes it once every value is back', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const since = new Date(Date.now() - 3 * 3600_000);
      for (const device of ['bp-3', 'hr-3', 'tp-3']) {
        await assignDevice(client, device, 'p-3', since);
      }
    } finally {
      await client.end();
    }
    const forP3 = () => published().filter((a) => a.patient === 'p-3');
    // 39.5 °C scores 2 and turns stale (VITAL_MAX_AGE_S, 1 h) a few seconds from now
    const almostAnHourAgo = new Date(Date.now() - 3600_000 + 4000).toISOString();
    await publishAll(broker.url, [
      {
        topic: `${PREFIX}/temperature`,
        payload: JSON.stringify({
          sensor_id: 'tp-3',
          value: 39.5,
          unit: 'C',
          date: almostAnHourAgo,
        }),
      },
      pressure('bp-3', 95), // 2
      pulse('hr-3', 125), // 2
    ]);
    const [opened] = await waitFor(() => (forP3().length > 0 ? forP3() : undefined), {
      timeoutMs: 15_000,
      what: "p-3's partial-sum alert",
    });
    expect(opened).toMatchObject({ change: 'opened', cause: 'partial-sum', score: 6 });

    await sleep(6000);
    // the temperature is stale now: 2 + 0 counts, but the sum is not known to be back
    const before = await subscriber.metrics();
    await publishAll(broker.url, [pulse('hr-3', 70)]);
    await subscriber.waitForMetrics(
      (m) => m.inserted === before.inserted + 1 && m.scoringRounds > before.scoringRounds,
      'the pulse stored and scored',
    );
    await sleep(1000);
    expect(forP3().filter((a) => a.change === 'closed')).toEqual([]);
    const open = await query(
      db.url,
      `SELECT cause FROM alert WHERE patient = 'p-3' AND closed_at IS NULL`,
    );
    expect(open).toEqual([{ cause: 'partial-sum' }]);

    await publishAll(broker.url, [temperature('tp-3', 37)]);
    const closed = await waitFor(() => forP3().find((a) => a.change === 'closed'), {
      timeoutMs: 15_000,
      what: "p-3's partial-sum alert closed",
    });
    expect(closed).toMatchObject({ id: opened.id, cause: 'partial-sum' });
  });

  it("scores a moved device's next reading for the patient now wearing it", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await assignDevice(client, 'hr-moved', 'p-before', new Date(clock - 3600_000));
      const before = await subscriber.metrics();
      // scored for p-before: the subscriber now knows the device and the patient
      await publishAll(broker.url, [pulse('hr-moved', 72)]);
      await subscriber.waitForMetrics(
        (m) => m.inserted === before.inserted + 1 && m.scoringRounds > before.scoringRounds,
        'the pulse stored and scored',
      );
      await assignDevice(client, 'hr-moved', 'p-after', new Date(clock + 500));
    } finally {
      await client.end();
    }
    await publishAll(broker.url, [pulse('hr-moved', 135)]);
    const opened = await waitFor(() => published().find((a) => a.cause === 'pulse'), {
      timeoutMs: 15_000,
      what: 'the pulse alert',
    });
    expect(opened).toMatchObject({ change: 'opened', patient: 'p-after', value: 135 });
    const forBefore = await query(db.url, `SELECT 1 FROM alert WHERE patient = 'p-before'`);
    expect(forBefore).toEqual([]);
  });

  it('scores no reading of a device nobody wears', async () => {
    const before = await subscriber.metrics();
    await publishAll(broker.url, [pressure('bp-unworn', 70)]);
    await subscriber.waitForMetrics(
      (m) => m.inserted === before.inserted + 1 && m.scoringRounds > before.scoringRounds,
      'the reading stored and scored',
    );
    const rows = await query(
      db.url,
      `SELECT 1 FROM alert WHERE cause = 'systolic' AND closed_at IS NULL`,
    );
    expect(rows).toHaveLength(0);
  });

  it('stores and acknowledges readings when scoring fails, and counts the failure', async () => {
    await query(db.url, 'ALTER TABLE alert RENAME TO alert_away');
    try {
      const before = await subscriber.metrics();
      await publishAll(broker.url, [pressure('bp-1', 80), pressure('bp-1', 81)]);
      const after = await subscriber.waitForMetrics(
        (m) => m.inserted === before.inserted + 2 && m.scoringFailures > before.scoringFailures,
        'the readings stored and the scoring failure counted',
      );
      expect(after.heldAcks).toBe(0);
      expect(after.pending).toBe(0);
      expect(subscriber.app.output()).toMatch(/scoring .* failed \(they stay stored\)/);
    } finally {
      await query(db.url, 'ALTER TABLE alert_away RENAME TO alert');
    }
    // scoring works again with the next reading
    await publishAll(broker.url, [pressure('bp-1', 79)]);
    const [opened] = await waitForAlerts(1);
    expect(opened).toMatchObject({ change: 'opened', cause: 'systolic', value: 79 });
  });
});
