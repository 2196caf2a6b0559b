import type { Reading, ReadingKind } from '@healthcare/contracts';
import type { BatchItem, ReadingItem, RejectionItem } from './batch.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

interface Table<K extends ReadingKind> {
  sql: string;
  width: number;
  /** The reading's values in the order of the statement's columns. */
  row: (reading: Reading<K>) => unknown[];
}

/**
 * One INSERT per table for a whole batch: the rows travel as one array per column and unnest
 * turns them back into rows, so the statement is the same for 1 row or 5,000.
 * A reading already stored (same sensor_id and timestamp) is left as it is.
 */
const TABLES: { [K in ReadingKind]: Table<K> } = {
  temperature: {
    sql: `INSERT INTO temperature (sensor_id, value, unit, "timestamp")
      SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::varchar[], $4::timestamptz[])
      ON CONFLICT (sensor_id, "timestamp") DO NOTHING`,
    width: 4,
    row: (r) => [r.sensor_id, r.value, r.unit, r.date],
  },
  pressure: {
    sql: `INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
      SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::numeric[], $4::varchar[], $5::timestamptz[])
      ON CONFLICT (sensor_id, "timestamp") DO NOTHING`,
    width: 5,
    row: (r) => [r.sensor_id, r.systolic, r.diastolic, r.unit, r.date],
  },
  heartRate: {
    sql: `INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
      SELECT * FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::timestamptz[])
      ON CONFLICT (sensor_id, "timestamp") DO NOTHING`,
    width: 4,
    row: (r) => [r.sensor_id, r.value, r.unit, r.date],
  },
};

const INSERT_REJECTIONS = `INSERT INTO rejected_message (topic, payload, reason, received_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`;

/**
 * A whole batch in one statement, so in one round trip and one implicit transaction: one INSERT
 * per table as data-modifying CTEs (with no rows for a table, its INSERT writes nothing). The text
 * never changes, so PostgreSQL can keep it prepared. Returns the rows each table received.
 */
export const INSERT_BATCH = `WITH
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
  rejected_rows AS (
    INSERT INTO rejected_message (topic, payload, reason, received_at)
    SELECT * FROM unnest($14::text[], $15::text[], $16::text[], $17::timestamptz[]) RETURNING 1)
SELECT (SELECT count(*) FROM temperature_rows)::int AS temperature,
  (SELECT count(*) FROM pressure_rows)::int AS pressure,
  (SELECT count(*) FROM heart_rate_rows)::int AS heart_rate,
  (SELECT count(*) FROM rejected_rows)::int AS rejected`;

export interface BatchCounts {
  temperature: number;
  pressure: number;
  heart_rate: number;
  rejected: number;
}

export function insertBatch(split: SplitBatch): Statement {
  const { readings, rejections } = split;
  return {
    sql: INSERT_BATCH,
    params: [
      ...insertReadings(
        'temperature',
        readings.temperature.map((i) => i.reading),
      ).params,
      ...insertReadings(
        'pressure',
        readings.pressure.map((i) => i.reading),
      ).params,
      ...insertReadings(
        'heartRate',
        readings.heartRate.map((i) => i.reading),
      ).params,
      ...insertRejections(rejections).params,
    ],
  };
}

export interface SplitBatch {
  readings: { [K in ReadingKind]: Extract<ReadingItem, { kind: K }>[] };
  rejections: RejectionItem[];
}

export function splitBatch(items: readonly BatchItem[]): SplitBatch {
  const split: SplitBatch = {
    readings: { temperature: [], pressure: [], heartRate: [] },
    rejections: [],
  };
  for (const item of items) {
    if (item.kind === 'rejected') split.rejections.push(item);
    else (split.readings[item.kind] as ReadingItem[]).push(item);
  }
  return split;
}

export function insertReadings<K extends ReadingKind>(
  kind: K,
  readings: readonly Reading<K>[],
): Statement {
  const table = TABLES[kind] as unknown as Table<K>;
  return { sql: table.sql, params: columns(readings.map(table.row), table.width) };
}

export function insertRejections(items: readonly RejectionItem[]): Statement {
  return {
    sql: INSERT_REJECTIONS,
    params: columns(
      items.map((i) => [i.topic, i.payload, i.reason, i.receivedAt.toISOString()]),
      4,
    ),
  };
}

/** Rows to one array per column (an empty array each when there are no rows). */
function columns(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
}
