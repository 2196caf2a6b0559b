import {
  adminDatabaseUrl,
  countAll,
  createTestDatabase,
  databaseUrl,
  freePort,
  ManagedProcess,
  Mosquitto,
  publishAll,
  query,
  TestSubscriber,
  WORKSPACE_ROOT,
  type Message,
  type TestDatabase,
} from '@healthcare/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { messages, readings } from './support.js';

/** Storage through a real Mosquitto and PostgreSQL: rows, values, duplicates, rejections. */
describe('subscriber: storage', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let subscriber: TestSubscriber;

  beforeEach(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('subscriber')]);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
  });

  afterEach(async () => {
    await subscriber?.app.stop();
    await broker?.dispose();
    await db?.drop();
  });

  it('stores N readings of each kind as exactly N rows with the exact values, and N again when they are sent twice', async () => {
    const n = 200;
    const temperature = readings('temperature', n);
    const pressure = readings('pressure', n);
    const heartRate = readings('heartRate', n);
    const all = [
      ...messages('temperature', temperature),
      ...messages('pressure', pressure),
      ...messages('heartRate', heartRate),
    ];

    await publishAll(broker.url, all);
    await subscriber.waitForMetrics((m) => m.inserted === 3 * n, `${3 * n} rows inserted`);
    expect(await countAll(db.url)).toEqual({ temperature: n, pressure: n, heartRate: n });

    const temperatureRows = await query<{
      sensor_id: string;
      value: string;
      unit: string;
      timestamp: Date;
    }>(db.url, 'SELECT sensor_id, value, unit, "timestamp" FROM temperature ORDER BY id');
    expect(temperatureRows.map((r) => ({ ...r, timestamp: r.timestamp.toISOString() }))).toEqual(
      temperature.map((r) => ({
        sensor_id: r.sensor_id,
        value: r.value.toFixed(2),
        unit: 'C',
        timestamp: r.date,
      })),
    );
    const pressureRows = await query(
      db.url,
      'SELECT sensor_id, systolic, diastolic, unit, "timestamp" FROM pressure ORDER BY id',
    );
    expect(pressureRows).toEqual(
      pressure.map((r) => ({
        sensor_id: r.sensor_id,
        systolic: r.systolic.toFixed(1),
        diastolic: r.diastolic.toFixed(1),
        unit: 'mmHg',
        timestamp: new Date(r.date),
      })),
    );
    const heartRateRows = await query(
      db.url,
      'SELECT sensor_id, value, unit, "timestamp" FROM heart_rate ORDER BY id',
    );
    expect(heartRateRows).toEqual(
      heartRate.map((r) => ({
        sensor_id: r.sensor_id,
        value: r.value,
        unit: 'bpm',
        timestamp: new Date(r.date),
      })),
    );

    await publishAll(broker.url, all);
    const metrics = await subscriber.waitForMetrics(
      (m) => m.duplicates === 3 * n,
      `${3 * n} duplicates ignored`,
    );
    expect(metrics).toMatchObject({ received: 6 * n, inserted: 3 * n, rejected: 0, heldAcks: 0 });
    expect(await countAll(db.url)).toEqual({ temperature: n, pressure: n, heartRate: n });
  });

  it('records every message that is not a valid reading with the reason, and keeps storing the valid ones around them', async () => {
    const valid = readings('temperature', 3);
    const pressure = readings('pressure', 1)[0];
    const heartRate = readings('heartRate', 1)[0];
    const bad: (Message & { reason: RegExp })[] = [
      {
        topic: 'temperature',
        payload: '{"sensor_id": "T1", "value": 36.6',
        reason: /malformed JSON/,
      },
      { topic: 'heartRate', payload: '', reason: /malformed JSON/ },
      {
        topic: 'temperature',
        payload: JSON.stringify({ ...valid[0], sensor_id: 'T-types', value: '36.6' }),
        reason: /value must be a number/,
      },
      {
        topic: 'temperature',
        payload: JSON.stringify({ ...valid[0], sensor_id: 'T-range', value: 80 }),
        reason: /value must be between 25 and 45 C/,
      },
      {
        topic: 'heartRate',
        payload: JSON.stringify({ ...heartRate, sensor_id: 'H-extra', battery: 80 }),
        reason: /battery is not a field of a heartRate reading/,
      },
      {
        topic: 'pressure',
        payload: JSON.stringify({ ...pressure, systolic: 70, diastolic: 90 }),
        reason: /systolic must be greater than diastolic/,
      },
      {
        // what Nest's own MQTT client would publish: not mistaken for a framework envelope
        topic: 'pressure',
        payload: JSON.stringify({ pattern: 'pressure', data: pressure }),
        reason: /pattern is not a field of a pressure reading/,
      },
      { topic: 'temperature', payload: '[1, 2, 3]', reason: /must be a JSON object/ },
    ];
    const good = messages('temperature', valid);
    const stream = [good[0], ...bad.slice(0, 4), good[1], ...bad.slice(4), good[2]];

    await publishAll(broker.url, stream, { inFlight: 1 });
    await subscriber.waitForMetrics(
      (m) => m.rejected === bad.length && m.inserted === 3,
      'the rejections and the valid readings',
    );

    const rejected = await query<{
      topic: string;
      payload: string;
      reason: string;
      received_at: Date;
    }>(db.url, 'SELECT topic, payload, reason, received_at FROM rejected_message ORDER BY id');
    expect(rejected).toHaveLength(bad.length);
    rejected.forEach((row, i) => {
      expect(row.topic).toBe(bad[i].topic);
      expect(row.payload).toBe(bad[i].payload);
      expect(row.reason).toMatch(bad[i].reason);
      expect(Date.now() - row.received_at.getTime()).toBeLessThan(60_000);
    });
    expect(await countAll(db.url)).toEqual({ temperature: 3, pressure: 0, heartRate: 0 });
    expect(subscriber.app.running).toBe(true);
  });

  it('keeps the first of two readings with one sensor_id and timestamp but other values, and records both where an operator finds them; identical redeliveries stay silent', async () => {
    const [first] = readings('temperature', 1);
    const differing = { ...first, value: first.value === 37 ? 38 : 37 };
    const [a] = readings('heartRate', 1);
    // a second device left on the same id, in the same batch
    const b = { ...a, value: a.value + 1 };

    await publishAll(broker.url, messages('temperature', [first, first]), { inFlight: 1 });
    await publishAll(broker.url, messages('temperature', [differing, differing]), { inFlight: 1 });
    await publishAll(broker.url, messages('heartRate', [a, b]), { inFlight: 2 });
    await publishAll(broker.url, messages('temperature', [first]));
    const metrics = await subscriber.waitForMetrics(
      (m) => m.received === 7 && m.pending === 0,
      'seven messages written',
    );
    expect(metrics).toMatchObject({ inserted: 2, conflicts: 3, duplicates: 2, rejected: 0 });

    expect(await countAll(db.url)).toEqual({ temperature: 1, pressure: 0, heartRate: 1 });
    const [stored] = await query<{ value: string }>(db.url, 'SELECT value FROM temperature');
    expect(Number(stored.value)).toBe(first.value);
    const conflicts = await query<{
      kind: string;
      sensor_id: string;
      timestamp: Date;
      stored: Record<string, unknown>;
      received: Record<string, unknown>;
      recorded_at: Date;
    }>(
      db.url,
      'SELECT kind, sensor_id, "timestamp", stored, received, recorded_at FROM conflicting_reading ORDER BY kind DESC',
    );
    // the same differing reading twice is one record
    expect(
      conflicts.map(({ recorded_at, ...c }) => ({
        ...c,
        recent: Date.now() - recorded_at.getTime() < 60_000,
      })),
    ).toEqual([
      {
        kind: 'temperature',
        sensor_id: first.sensor_id,
        timestamp: new Date(first.date),
        stored: { value: first.value, unit: 'C' },
        received: { value: differing.value, unit: 'C' },
        recent: true,
      },
      {
        kind: 'heartRate',
        sensor_id: a.sensor_id,
        timestamp: new Date(a.date),
        stored: { value: a.value, unit: 'bpm' },
        received: { value: b.value, unit: 'bpm' },
        recent: true,
      },
    ]);
    expect(subscriber.app.output()).toMatch(
      /differ from the stored reading with the same sensor_id and timestamp/,
    );
  });

  it("stores a reading the gateway accepted whatever the subscriber's own clock says: dated 10 minutes ahead", async () => {
    const [reading] = readings('temperature', 1);
    const ahead = { ...reading, date: new Date(Date.now() + 10 * 60_000).toISOString() };

    await publishAll(broker.url, messages('temperature', [ahead]));
    const metrics = await subscriber.waitForMetrics((m) => m.batches === 1, 'its batch committed');
    expect(metrics).toMatchObject({ received: 1, inserted: 1, rejected: 0 });
    const rows = await query<{ timestamp: Date }>(db.url, 'SELECT "timestamp" FROM temperature');
    expect(rows).toEqual([{ timestamp: new Date(ahead.date) }]);
  });

  it('records a reading the database itself refuses, and stores the rest of its batch', async () => {
    // a rule the contracts do not know: the batch fails as a whole, then goes row by row
    await query(
      db.url,
      `ALTER TABLE temperature ADD CONSTRAINT no_test_sensor CHECK (sensor_id <> 'REFUSED')`,
    );
    const list = readings('temperature', 5);
    list[2] = { ...list[2], sensor_id: 'REFUSED' };

    await publishAll(broker.url, messages('temperature', list));
    await subscriber.waitForMetrics(
      (m) => m.inserted === 4 && m.rejected === 1,
      'four rows, one rejection',
    );

    const [row] = await query<{ payload: string; reason: string }>(
      db.url,
      'SELECT payload, reason FROM rejected_message',
    );
    expect(JSON.parse(row.payload)).toEqual(list[2]);
    expect(row.reason).toMatch(
      /the database refused the reading: .*no_test_sensor.*\(SQLSTATE 23514\)/,
    );
  });

  it('on SIGTERM writes the batch it holds, acknowledges it, then exits; nothing comes back', async () => {
    await subscriber.app.stop();
    // a batch that would wait a minute: only the shutdown writes it
    const clientId = 'subscriber-sigterm';
    const env = { MQTT_URL: broker.url, DATABASE_URL: db.url, MQTT_CLIENT_ID: clientId };
    subscriber = await TestSubscriber.start({ ...env, BATCH_SIZE: '1000', FLUSH_MS: '60000' });
    const list = messages('heartRate', readings('heartRate', 50));
    await publishAll(broker.url, list);
    await subscriber.waitForMetrics((m) => m.received === 50, 'all 50 held');
    expect(await countAll(db.url)).toEqual({ temperature: 0, pressure: 0, heartRate: 0 });

    // exits by itself with 0: neither killed by the signal nor by the SIGKILL stop() sends 10 s later
    expect(await subscriber.app.stop('SIGTERM')).toBe(0);
    expect(subscriber.app.output()).toMatch(/disconnected; the broker keeps the session/);
    expect(await countAll(db.url)).toEqual({ temperature: 0, pressure: 0, heartRate: 50 });

    // same session: had a PUBACK been lost, the broker would deliver that reading before this one
    subscriber = await TestSubscriber.start({ ...env, FLUSH_MS: '0' });
    const marker = messages('temperature', readings('temperature', 1));
    await publishAll(broker.url, marker);
    const metrics = await subscriber.waitForMetrics((m) => m.inserted === 1, 'the marker stored');
    expect(metrics.received).toBe(1);
  });

  it('creates its database and tables, with migrations matching the entities, and the TypeORM CLI sees them', async () => {
    await subscriber.app.stop();
    const name = `${db.name}_created`;
    const url = databaseUrl(name);
    try {
      subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: url });
      expect(subscriber.app.output()).toContain(`created database "${name}"`);
      await expectSchema(url);
      await subscriber.app.stop();
    } finally {
      await query(adminDatabaseUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});

describe('subscriber: nx run subscriber:migration:*', () => {
  it('creates a missing database as the subscriber does, and says in one line when the server is unreachable', async () => {
    const name = `migrate_${randomBytes(3).toString('hex')}`;
    const url = databaseUrl(name);
    try {
      const run = await migrate('run', url);
      expect(run.code).toBe(0);
      expect(run.output).toContain(`created database "${name}"`);
      await expectSchema(url);
      expect((await migrate('show', url)).output).toMatch(/\[X\] \d+ CreateReadingTables\d+/);
    } finally {
      await query(adminDatabaseUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }

    const unreachable = await migrate('run', `postgres://postgres@127.0.0.1:${await freePort()}/x`);
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toMatch(
      /^migration:run failed: cannot use PostgreSQL at 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\n$/,
    );
  });
});

/** What `nx run subscriber:migration:<command>` runs, on `databaseUrl`. */
async function migrate(
  command: string,
  databaseUrl: string,
): Promise<{ code: number | null; output: string }> {
  const child = ManagedProcess.spawn({
    name: `migrate ${command}`,
    command: process.execPath,
    args: ['apps/subscriber/dist/database/migrate.js', command],
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
  });
  return { code: await child.exited, output: child.output() };
}

async function expectSchema(url: string): Promise<void> {
  const columns = await query<{
    table_name: string;
    column_name: string;
    type: string;
    nullable: string;
  }>(
    url,
    `SELECT table_name, column_name, is_nullable AS nullable,
              CASE WHEN data_type = 'numeric' THEN 'numeric(' || numeric_precision || ',' || numeric_scale || ')'
                   WHEN data_type = 'character varying' THEN 'varchar(' || character_maximum_length || ')'
                   ELSE data_type END AS type
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
        ORDER BY table_name, ordinal_position`,
  );
  const table = (name: string) =>
    columns
      .filter((c) => c.table_name === name)
      .map((c) => `${c.column_name} ${c.type} ${c.nullable}`);
  const seed = (value: string[]) => [
    'id integer NO',
    'sensor_id varchar(50) NO',
    ...value,
    'unit varchar(10) NO',
    'timestamp timestamp with time zone NO',
    'stored_at timestamp with time zone NO',
  ];
  expect(table('temperature')).toEqual(seed(['value numeric(5,2) NO']));
  expect(table('pressure')).toEqual(
    seed(['systolic numeric(5,1) NO', 'diastolic numeric(5,1) NO']),
  );
  expect(table('heart_rate')).toEqual(seed(['value integer NO']));
  expect(table('rejected_message')).toEqual([
    'id integer NO',
    'topic text NO',
    'payload text NO',
    'reason text NO',
    'received_at timestamp with time zone NO',
  ]);
  expect(table('conflicting_reading')).toEqual([
    'id integer NO',
    'kind text NO',
    'sensor_id varchar(50) NO',
    'timestamp timestamp with time zone NO',
    'stored jsonb NO',
    'received jsonb NO',
    'recorded_at timestamp with time zone NO',
  ]);
  const indexes = await query<{ indexdef: string }>(
    url,
    `SELECT indexdef FROM pg_indexes WHERE indexname LIKE '%sensor_id_timestamp_key' ORDER BY indexname`,
  );
  expect(indexes.map((i) => i.indexdef)).toEqual([
    'CREATE UNIQUE INDEX heart_rate_sensor_id_timestamp_key ON public.heart_rate USING btree (sensor_id, "timestamp")',
    'CREATE UNIQUE INDEX pressure_sensor_id_timestamp_key ON public.pressure USING btree (sensor_id, "timestamp")',
    'CREATE UNIQUE INDEX temperature_sensor_id_timestamp_key ON public.temperature USING btree (sensor_id, "timestamp")',
  ]);

  const cli = (command: string) => typeormCli(command, url);
  expect(await cli('migration:show')).toMatch(/\[X\] \d+ CreateReadingTables\d+/);
  // the entities describe exactly what the migrations built
  expect(await cli('schema:log')).toMatch(/Your schema is up to date/);
}

/** The TypeORM CLI on the subscriber's DataSource, as `nx run subscriber:migration:*` runs it. */
function typeormCli(command: string, databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        'node_modules/typeorm/cli.js',
        command,
        '-d',
        'apps/subscriber/dist/database/data-source.js',
      ],
      { cwd: WORKSPACE_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl } },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
