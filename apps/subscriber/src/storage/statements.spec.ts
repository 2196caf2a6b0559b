import type { BatchItem } from './batch.js';
import { MAX_STORED_PAYLOAD, rejection } from './batch.js';
import { conflictKey, INSERT_BATCH, insertBatch, splitBatch } from './statements.js';

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
});

describe('insertBatch', () => {
  it('writes the whole batch in one statement, a JSON array per column of every table', () => {
    const items: BatchItem[] = [
      { ...received, kind: 'temperature', reading: temp('a', 36.6) },
      rejection('pressure', 'nope', 'malformed JSON', at),
    ];
    const { sql, params } = insertBatch(splitBatch(items));
    expect(sql).toBe(INSERT_BATCH);
    expect(params.map((p) => JSON.parse(p as string) as unknown)).toEqual([
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
    // each reading table's conflicts, recorded once however often they are received
    // (and named to the subscriber, in its answer's conflict_keys)
    expect(INSERT_BATCH.match(/FROM \w+_conflicts/g)).toHaveLength(9);
    expect(INSERT_BATCH).toMatch(
      /INSERT INTO conflicting_reading [^;]*ON CONFLICT \(kind, sensor_id, "timestamp", received\) DO NOTHING/,
    );
  });
});

describe('the SQL as PostgreSQL receives it', () => {
  it('one statement for a whole batch: an INSERT per table, the conflicts, the counts', () => {
    expect(INSERT_BATCH).toMatchInlineSnapshot(`
     "WITH
       temperature_in (sensor_id, value, unit, "timestamp") AS (
         SELECT c0::varchar, c1::numeric(5,2), c2::varchar, c3::timestamptz FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json), json_array_elements_text($3::json), json_array_elements_text($4::json)) AS t(c0, c1, c2, c3)),
       temperature_rows AS (
         INSERT INTO temperature (sensor_id, value, unit, "timestamp")
         SELECT * FROM temperature_in
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING
         RETURNING sensor_id, value, unit, "timestamp", stored_at),
       temperature_conflicts AS (
         SELECT i.sensor_id, i."timestamp",
           jsonb_build_object('value', s.value, 'unit', s.unit) AS stored,
           jsonb_build_object('value', i.value, 'unit', i.unit) AS received
         FROM (SELECT * FROM temperature_in EXCEPT ALL SELECT sensor_id, value, unit, "timestamp" FROM temperature_rows) AS i,
         LATERAL (
           SELECT value, unit FROM temperature AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp"
           UNION ALL
           SELECT value, unit FROM temperature_rows AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp") AS s
         WHERE (s.value, s.unit) IS DISTINCT FROM (i.value, i.unit)
           AND (SELECT count(*) FROM temperature_rows) < (SELECT count(*) FROM temperature_in)),
       pressure_in (sensor_id, systolic, diastolic, unit, "timestamp") AS (
         SELECT c0::varchar, c1::numeric(5,1), c2::numeric(5,1), c3::varchar, c4::timestamptz FROM ROWS FROM (json_array_elements_text($5::json), json_array_elements_text($6::json), json_array_elements_text($7::json), json_array_elements_text($8::json), json_array_elements_text($9::json)) AS t(c0, c1, c2, c3, c4)),
       pressure_rows AS (
         INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
         SELECT * FROM pressure_in
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING
         RETURNING sensor_id, systolic, diastolic, unit, "timestamp", stored_at),
       pressure_conflicts AS (
         SELECT i.sensor_id, i."timestamp",
           jsonb_build_object('systolic', s.systolic, 'diastolic', s.diastolic, 'unit', s.unit) AS stored,
           jsonb_build_object('systolic', i.systolic, 'diastolic', i.diastolic, 'unit', i.unit) AS received
         FROM (SELECT * FROM pressure_in EXCEPT ALL SELECT sensor_id, systolic, diastolic, unit, "timestamp" FROM pressure_rows) AS i,
         LATERAL (
           SELECT systolic, diastolic, unit FROM pressure AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp"
           UNION ALL
           SELECT systolic, diastolic, unit FROM pressure_rows AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp") AS s
         WHERE (s.systolic, s.diastolic, s.unit) IS DISTINCT FROM (i.systolic, i.diastolic, i.unit)
           AND (SELECT count(*) FROM pressure_rows) < (SELECT count(*) FROM pressure_in)),
       heart_rate_in (sensor_id, value, unit, "timestamp") AS (
         SELECT c0::varchar, c1::int, c2::varchar, c3::timestamptz FROM ROWS FROM (json_array_elements_text($10::json), json_array_elements_text($11::json), json_array_elements_text($12::json), json_array_elements_text($13::json)) AS t(c0, c1, c2, c3)),
       heart_rate_rows AS (
         INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
         SELECT * FROM heart_rate_in
         ON CONFLICT (sensor_id, "timestamp") DO NOTHING
         RETURNING sensor_id, value, unit, "timestamp", stored_at),
       heart_rate_conflicts AS (
         SELECT i.sensor_id, i."timestamp",
           jsonb_build_object('value', s.value, 'unit', s.unit) AS stored,
           jsonb_build_object('value', i.value, 'unit', i.unit) AS received
         FROM (SELECT * FROM heart_rate_in EXCEPT ALL SELECT sensor_id, value, unit, "timestamp" FROM heart_rate_rows) AS i,
         LATERAL (
           SELECT value, unit FROM heart_rate AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp"
           UNION ALL
           SELECT value, unit FROM heart_rate_rows AS s WHERE s.sensor_id = i.sensor_id AND s."timestamp" = i."timestamp") AS s
         WHERE (s.value, s.unit) IS DISTINCT FROM (i.value, i.unit)
           AND (SELECT count(*) FROM heart_rate_rows) < (SELECT count(*) FROM heart_rate_in)),
       conflicting_reading_rows AS (
         INSERT INTO conflicting_reading (kind, sensor_id, "timestamp", stored, received)
         SELECT 'temperature', sensor_id, "timestamp", stored, received FROM temperature_conflicts
         UNION ALL SELECT 'pressure', sensor_id, "timestamp", stored, received FROM pressure_conflicts
         UNION ALL SELECT 'heartRate', sensor_id, "timestamp", stored, received FROM heart_rate_conflicts
         ON CONFLICT (kind, sensor_id, "timestamp", received) DO NOTHING),
       rejected_message_rows AS (
         INSERT INTO rejected_message (topic, payload, reason, received_at)
         SELECT c0::text, c1::text, c2::text, c3::timestamptz FROM ROWS FROM (json_array_elements_text($14::json), json_array_elements_text($15::json), json_array_elements_text($16::json), json_array_elements_text($17::json)) AS t(c0, c1, c2, c3) RETURNING 1)
     SELECT (SELECT count(*) FROM temperature_rows)::int AS temperature,
       (SELECT count(*) FROM pressure_rows)::int AS pressure,
       (SELECT count(*) FROM heart_rate_rows)::int AS heart_rate,
       (SELECT count(*) FROM rejected_message_rows)::int AS rejected_message,
       ((SELECT count(*) FROM temperature_conflicts) + (SELECT count(*) FROM pressure_conflicts) + (SELECT count(*) FROM heart_rate_conflicts))::int AS conflicting_reading,
       to_json(ARRAY(SELECT extract(epoch FROM stored_at - "timestamp")::float8 FROM temperature_rows
         UNION ALL SELECT extract(epoch FROM stored_at - "timestamp")::float8 FROM pressure_rows
         UNION ALL SELECT extract(epoch FROM stored_at - "timestamp")::float8 FROM heart_rate_rows)) AS send_to_commit_seconds,
       to_json(ARRAY(SELECT 'temperature|' || sensor_id || '|' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM temperature_conflicts
         UNION ALL SELECT 'pressure|' || sensor_id || '|' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM pressure_conflicts
         UNION ALL SELECT 'heartRate|' || sensor_id || '|' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM heart_rate_conflicts)) AS conflict_keys"
    `);
  });
});

describe('rejection', () => {
  it('keeps the reading id only when it is one as the gateway makes them', () => {
    const data = (text: string) => Buffer.from(text, 'latin1');
    expect(rejection('t', 'p', 'r', at, data('b1c2-9f')).readingId).toBe('b1c2-9f');
    expect(rejection('t', 'p', 'r', at, data('no id; DROP')).readingId).toBeUndefined();
    expect(rejection('t', 'p', 'r', at, data('x'.repeat(65))).readingId).toBeUndefined();
    expect(rejection('t', 'p', 'r', at, data('b1c2\u00e9')).readingId).toBeUndefined();
    // the id travels as bytes (Correlation Data), never as text
    expect(rejection('t', 'p', 'r', at, 'b1c2-9f').readingId).toBeUndefined();
    expect(rejection('t', 'p', 'r', at, 42).readingId).toBeUndefined();
  });

  it('escapes NUL characters, which PostgreSQL text cannot hold', () => {
    const item = rejection('t', 'a\u0000b', 'bad \u0000', at);
    expect(item.payload).toBe('a\\u0000b');
    expect(item.reason).toBe('bad \\u0000');
  });

  it('leaves no half of a surrogate pair where a cut split one: PostgreSQL refuses it in JSON', () => {
    const payload = `${'x'.repeat(MAX_STORED_PAYLOAD - 1)}\u{1F600}`;
    const item = rejection('t', payload, 'r', at);
    expect(item.payload.isWellFormed()).toBe(true);
    expect(item.payload.startsWith(`${'x'.repeat(MAX_STORED_PAYLOAD - 1)}\uFFFD...`)).toBe(true);
  });

  it('keeps at most 2 KiB of a reason and says it was cut', () => {
    const item = rejection('t', '{}', 'why '.repeat(10_000), at);
    expect(item.reason.length).toBeLessThan(2100);
    expect(item.reason).toMatch(/^why why .*\(truncated, 40000 characters\)$/);
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

describe('conflictKey', () => {
  it("names a reading as INSERT_BATCH's conflict_keys do: UTC, microseconds", () => {
    expect(conflictKey('temperature', 'T1', '2026-01-01T00:00:00.120Z')).toBe(
      'temperature|T1|2026-01-01T00:00:00.120000',
    );
    expect(conflictKey('heartRate', 'H1', '2026-01-01T00:00:00.123456Z')).toBe(
      'heartRate|H1|2026-01-01T00:00:00.123456',
    );
  });
});
