import type { ReadingKind } from '@healthcare/contracts';
import { query } from './postgres.js';

/** The subscriber's table of each reading kind. */
export const READING_TABLES: Record<ReadingKind, string> = {
  temperature: 'temperature',
  pressure: 'pressure',
  heartRate: 'heart_rate',
};

export async function countAll(databaseUrl: string): Promise<Record<ReadingKind, number>> {
  const counts = Object.entries(READING_TABLES).map(
    ([kind, table]) => `(SELECT count(*) FROM ${table})::int AS "${kind}"`,
  );
  const [row] = await query<Record<ReadingKind, number>>(
    databaseUrl,
    `SELECT ${counts.join(', ')}`,
  );
  return row;
}

/** A reading's storage key: the subscriber keeps one row per (sensor_id, timestamp). */
export function readingKey({
  sensor_id,
  date,
}: {
  sensor_id: string;
  date: string | Date;
}): string {
  return `${sensor_id}@${new Date(date).toISOString()}`;
}

/** The keys (readingKey) of the rows in a kind's table, sorted. */
export async function storedKeys(databaseUrl: string, kind: ReadingKind): Promise<string[]> {
  const rows = await query<{ sensor_id: string; timestamp: Date }>(
    databaseUrl,
    `SELECT sensor_id, "timestamp" FROM ${READING_TABLES[kind]}`,
  );
  return rows.map((r) => readingKey({ sensor_id: r.sensor_id, date: r.timestamp })).sort();
}

/**
 * How many transactions wrote the rows of the reading tables, as PostgreSQL itself records it:
 * rows inserted by one transaction share its id (xmin).
 */
export async function writingTransactions(databaseUrl: string): Promise<number> {
  const xids = Object.values(READING_TABLES).map(
    (table) => `SELECT xmin::text AS xid FROM ${table}`,
  );
  const [row] = await query<{ n: string }>(
    databaseUrl,
    `SELECT count(DISTINCT xid) AS n FROM (${xids.join(' UNION ALL ')}) AS rows`,
  );
  return Number(row.n);
}
