import type { ReadingKind } from '@healthcare/contracts';
import { waitFor } from './ports.js';
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

/** The value columns of each kind's table, named as the reading's fields. */
const VALUE_COLUMNS: Record<ReadingKind, string[]> = {
  temperature: ['value'],
  pressure: ['systolic', 'diastolic'],
  heartRate: ['value'],
};

/** A kind's rows by readingKey, with their values as numbers (DECIMAL columns come back as text). */
export async function storedReadings(
  databaseUrl: string,
  kind: ReadingKind,
): Promise<Map<string, Record<string, number>>> {
  const columns = VALUE_COLUMNS[kind];
  const rows = await query<Record<string, unknown> & { sensor_id: string; timestamp: Date }>(
    databaseUrl,
    `SELECT sensor_id, "timestamp", ${columns.join(', ')} FROM ${READING_TABLES[kind]}`,
  );
  return new Map(
    rows.map((row) => [
      readingKey({ sensor_id: row.sensor_id, date: row.timestamp }),
      Object.fromEntries(columns.map((column) => [column, Number(row[column])])),
    ]),
  );
}

/** The keys (readingKey) of the readings each kind's table must hold. */
export type ExpectedReadings = Partial<Record<ReadingKind, readonly string[]>>;

/**
 * The exactly-once check: waits until each kind's table has as many rows as `expected` names,
 * then fails unless the tables hold exactly those readings and rejected_message is empty. Valid
 * readings, however often redelivered or resent, are one row each and never refused: a
 * duplicate that hit the unique index and was recorded as rejected is a failure too.
 */
export async function expectStoredExactlyOnce(
  databaseUrl: string,
  expected: ExpectedReadings,
  timeoutMs = 60_000,
): Promise<void> {
  const kinds = Object.keys(expected) as ReadingKind[];
  const total = kinds.map((kind) => `${expected[kind]!.length} ${kind}`).join(', ');
  const timedOut = await waitFor(
    async () => {
      const counts = await countAll(databaseUrl);
      return kinds.every((kind) => counts[kind] >= expected[kind]!.length);
    },
    { timeoutMs, intervalMs: 200, what: `${total} rows` },
  ).then(
    () => undefined,
    (err: Error) => err.message,
  );
  const problems: string[] = [];
  for (const kind of kinds) {
    const want = new Set(expected[kind]);
    const stored = new Set(await storedKeys(databaseUrl, kind));
    const missing = [...want].filter((key) => !stored.has(key));
    const extra = [...stored].filter((key) => !want.has(key));
    if (missing.length > 0) {
      problems.push(
        `${missing.length} of ${want.size} ${kind} readings missing, e.g. ${missing[0]}`,
      );
    }
    if (extra.length > 0)
      problems.push(`${extra.length} ${kind} rows not expected, e.g. ${extra[0]}`);
  }
  const rejected = await query<{ topic: string; reason: string }>(
    databaseUrl,
    'SELECT topic, reason FROM rejected_message ORDER BY id',
  );
  if (rejected.length > 0) {
    const [first] = rejected;
    problems.push(
      `${rejected.length} valid readings in rejected_message, e.g. ${first.topic}: ${first.reason}`,
    );
  }
  if (problems.length > 0) {
    const waited = timedOut ? ` (${timedOut})` : '';
    throw new Error(`not stored exactly once: ${problems.join('; ')}${waited}`);
  }
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
