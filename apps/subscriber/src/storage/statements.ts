import type { Reading, ReadingKind } from '@healthcare/contracts';
import type { BatchItem, ReadingItem, RejectionItem } from './batch.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

interface Table<K extends ReadingKind> {
  sql: string;
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
    row: (r) => [r.sensor_id, r.value, r.unit, r.date],
  },
  pressure: {
    sql: `INSERT INTO pressure (sensor_id, systolic, diastolic, unit, "timestamp")
      SELECT * FROM unnest($1::varchar[], $2::numeric[], $3::numeric[], $4::varchar[], $5::timestamptz[])
      ON CONFLICT (sensor_id, "timestamp") DO NOTHING`,
    row: (r) => [r.sensor_id, r.systolic, r.diastolic, r.unit, r.date],
  },
  heartRate: {
    sql: `INSERT INTO heart_rate (sensor_id, value, unit, "timestamp")
      SELECT * FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::timestamptz[])
      ON CONFLICT (sensor_id, "timestamp") DO NOTHING`,
    row: (r) => [r.sensor_id, r.value, r.unit, r.date],
  },
};

const INSERT_REJECTIONS = `INSERT INTO rejected_message (topic, payload, reason, received_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`;

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
  return { sql: table.sql, params: columns(readings.map(table.row)) };
}

export function insertRejections(items: readonly RejectionItem[]): Statement {
  return {
    sql: INSERT_REJECTIONS,
    params: columns(items.map((i) => [i.topic, i.payload, i.reason, i.receivedAt.toISOString()])),
  };
}

/** Rows to one array per column. */
function columns(rows: unknown[][]): unknown[][] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
}
