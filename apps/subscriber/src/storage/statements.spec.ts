import type { BatchItem } from './batch.js';
import { rejection } from './batch.js';
import {
  INSERT_BATCH,
  insertBatch,
  insertReadings,
  insertRejections,
  splitBatch,
} from './statements.js';

const at = new Date('2026-01-01T00:00:00.000Z');
const received = { topic: 't', payload: '{}', receivedAt: at };

describe('statements', () => {
  it('splits a batch by table, keeping the arrival order within each', () => {
    const items: BatchItem[] = [
      { ...received, kind: 'temperature', reading: temp('a', 36.6) },
      rejection('temperature', 'nope', 'malformed JSON', at),
      { ...received, kind: 'temperature', reading: temp('b', 37.1) },
      {
        ...received,
        kind: 'heartRate',
        reading: { sensor_id: 'h', value: 70, unit: 'bpm', date: '2026-01-01T00:00:00.000Z' },
      },
    ];
    const split = splitBatch(items);
    expect(split.readings.temperature.map((i) => i.reading.sensor_id)).toEqual(['a', 'b']);
    expect(split.readings.heartRate).toHaveLength(1);
    expect(split.readings.pressure).toHaveLength(0);
    expect(split.rejections.map((r) => r.payload)).toEqual(['nope']);
  });

  it('passes one array per column, in the order of the INSERT', () => {
    const statement = insertReadings('pressure', [
      {
        sensor_id: 'p1',
        systolic: 120.5,
        diastolic: 80,
        unit: 'mmHg',
        date: '2026-01-01T00:00:00Z',
      },
      {
        sensor_id: 'p2',
        systolic: 130,
        diastolic: 85.5,
        unit: 'mmHg',
        date: '2026-01-01T00:00:01Z',
      },
    ]);
    expect(statement.sql).toMatch(
      /INSERT INTO pressure \(sensor_id, systolic, diastolic, unit, "timestamp"\)/,
    );
    expect(statement.sql).toMatch(/ON CONFLICT \(sensor_id, "timestamp"\) DO NOTHING/);
    expect(statement.params).toEqual([
      ['p1', 'p2'],
      [120.5, 130],
      [80, 85.5],
      ['mmHg', 'mmHg'],
      ['2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'],
    ]);
  });

  it('writes heart rates as integers and rejections with their reason and time', () => {
    expect(insertReadings('heartRate', []).sql).toMatch(/\$2::int\[\]/);
    const statement = insertRejections([rejection('heartRate', 'x', 'why', at)]);
    expect(statement.params).toEqual([['heartRate'], ['x'], ['why'], [at.toISOString()]]);
  });
});

describe('insertBatch', () => {
  it('writes the whole batch in one statement, an array per column of every table', () => {
    const items: BatchItem[] = [
      { ...received, kind: 'temperature', reading: temp('a', 36.6) },
      rejection('pressure', 'nope', 'malformed JSON', at),
    ];
    const { sql, params } = insertBatch(splitBatch(items));
    expect(sql).toBe(INSERT_BATCH);
    expect(params).toEqual([
      ['a'],
      [36.6],
      ['C'],
      ['2026-01-01T00:00:00.000Z'],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      [],
      ['pressure'],
      ['nope'],
      ['malformed JSON'],
      [at.toISOString()],
    ]);
    // every placeholder has its parameter, in order
    const placeholders = [
      ...new Set([...INSERT_BATCH.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))),
    ];
    expect(placeholders).toEqual(params.map((_, i) => i + 1));
    expect(INSERT_BATCH.match(/ON CONFLICT \(sensor_id, "timestamp"\) DO NOTHING/g)).toHaveLength(
      3,
    );
  });
});

describe('the SQL as PostgreSQL receives it', () => {
  it('one INSERT per table, for the rows of that table', () => {
    expect(insertReadings('temperature', []).sql).toMatchInlineSnapshot(`
     "INSERT INTO temperature (sensor_id, value, unit, "timestamp")
     SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::varchar[], $4::timestamptz[])
     ON CONFLICT (sensor_id, "timestamp") DO NOTHING"
    `);
    expect(insertReadings('pressure', []).sql).toMatchInlineSnapshot(`
     "INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
     SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::numeric[], $4::varchar[], $5::timestamptz[])
     ON CONFLICT (sensor_id, "timestamp") DO NOTHING"
    `);
    expect(insertReadings('heartRate', []).sql).toMatchInlineSnapshot(`
     "INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
     SELECT * FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::timestamptz[])
     ON CONFLICT (sensor_id, "timestamp") DO NOTHING"
    `);
    expect(insertRejections([]).sql).toMatchInlineSnapshot(`
     "INSERT INTO rejected_message (topic, payload, reason, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])"
    `);
  });

  it('the same INSERTs as one statement for a whole batch', () => {
    expect(INSERT_BATCH).toMatchInlineSnapshot(`
     "WITH
       temperature_rows AS (
         INSERT INTO temperature (sensor_id, value, unit, "timestamp")
         SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::varchar[], $4::timestamptz[])
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING RETURNING 1),
       pressure_rows AS (
         INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
         SELECT * FROM unnest($5::varchar[], $6::numeric[], $7::numeric[], $8::varchar[], $9::timestamptz[])
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING RETURNING 1),
       heart_rate_rows AS (
         INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
         SELECT * FROM unnest($10::varchar[], $11::int[], $12::varchar[], $13::timestamptz[])
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING RETURNING 1),
       rejected_message_rows AS (
         INSERT INTO rejected_message (topic, payload, reason, received_at)
         SELECT * FROM unnest($14::text[], $15::text[], $16::text[], $17::timestamptz[]) RETURNING 1)
     SELECT (SELECT count(*) FROM temperature_rows)::int AS temperature,
       (SELECT count(*) FROM pressure_rows)::int AS pressure,
       (SELECT count(*) FROM heart_rate_rows)::int AS heart_rate,
       (SELECT count(*) FROM rejected_message_rows)::int AS rejected_message"
    `);
  });
});

describe('rejection', () => {
  it('escapes NUL characters, which PostgreSQL text cannot hold', () => {
    const item = rejection('t', 'a\u0000b', 'bad \u0000', at);
    expect(item.payload).toBe('a\\u0000b');
    expect(item.reason).toBe('bad \\u0000');
  });

  it('keeps at most 16 KiB of a payload and says it was cut', () => {
    const item = rejection('t', 'x'.repeat(20_000), 'too big', at);
    expect(item.payload.length).toBeLessThan(16_500);
    expect(item.payload).toMatch(/\(truncated, 20000 characters\)$/);
  });
});

function temp(sensor_id: string, value: number) {
  return { sensor_id, value, unit: 'C' as const, date: '2026-01-01T00:00:00.000Z' };
}
