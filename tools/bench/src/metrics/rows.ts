import type { BenchDatabase } from '../env/database.js';

/** The stored_at and timestamp columns of every listed table as one relation. */
const union = (tables: string[]) =>
  tables.map((t) => `SELECT "timestamp", stored_at FROM ${t}`).join(' UNION ALL ');

export async function countRows(db: BenchDatabase, tables: string[]): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM (${union(tables)}) r`);
  return Number(row.n);
}

/** Rows whose commit (stored_at) fell inside [from, to). */
export async function countCommitted(
  db: BenchDatabase,
  tables: string[],
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (${union(tables)}) r WHERE stored_at >= $1 AND stored_at < $2`,
    [from, to],
  );
  return Number(row.n);
}

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Send-to-commit latency in ms (stored_at - timestamp, the reading dated at its send) of the rows
 * sent inside [from, to).
 */
export async function latency(
  db: BenchDatabase,
  tables: string[],
  from: Date,
  to: Date,
): Promise<Latency> {
  return latencyOver(db, tables, [{ from, to }]);
}

/** As latency, over the rows sent inside any of `spans` (each [from, to)). */
export async function latencyOver(
  db: BenchDatabase,
  tables: string[],
  spans: { from: Date; to: Date }[],
): Promise<Latency> {
  const [row] = await db.query<{ n: string; p: number[] | null; max: number | null }>(
    `SELECT count(*) AS n,
       percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms) AS p,
       max(ms) AS max
     FROM (SELECT (extract(epoch FROM stored_at - "timestamp") * 1000)::float8 AS ms
           FROM (${union(tables)}) r
           JOIN unnest($1::timestamptz[], $2::timestamptz[]) AS span("from", "to")
             ON "timestamp" >= span."from" AND "timestamp" < span."to") l`,
    [spans.map((s) => s.from), spans.map((s) => s.to)],
  );
  const [p50, p95, p99] = (row.p ?? [0, 0, 0]).map(Number);
  return { count: Number(row.n), p50, p95, p99, max: Number(row.max ?? 0) };
}

/** How many rows were committed after `since`, and the span of those commits, first to last. */
export async function commitSpan(
  db: BenchDatabase,
  tables: string[],
  since: Date,
): Promise<{ rows: number; seconds: number }> {
  const [row] = await db.query<{ n: string; seconds: number | null }>(
    `SELECT count(*) AS n, extract(epoch FROM max(stored_at) - min(stored_at))::float8 AS seconds
     FROM (${union(tables)}) r WHERE stored_at > $1`,
    [since],
  );
  return { rows: Number(row.n), seconds: Number(row.seconds ?? 0) };
}

/**
 * Polls the row count until it reaches `expected`, or until it has not moved for `stallMs`;
 * once reached, waits `settleMs` more so that rows beyond it (doubles) would show.
 */
export async function waitForRows(
  db: BenchDatabase,
  tables: string[],
  expected: number,
  { stallMs = 30_000, settleMs = 1000 } = {},
): Promise<number> {
  let rows = await countRows(db, tables);
  let lastChange = Date.now();
  while (rows < expected && Date.now() - lastChange < stallMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await countRows(db, tables);
    if (now !== rows) lastChange = Date.now();
    rows = now;
  }
  if (rows < expected) return rows;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return countRows(db, tables);
}
