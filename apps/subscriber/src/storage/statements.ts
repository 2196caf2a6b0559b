import { READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import type { BatchItem, ReadingItem, RejectionItem } from './batch.js';
import { CONFLICT_TABLE, READING_TABLES, REJECTION_TABLE, type Table } from './tables.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

/** The column of INSERT_BATCH's answer with each stored reading's `stored_at - timestamp`. */
const SEND_TO_COMMIT = 'send_to_commit_seconds';
/** The column of INSERT_BATCH's answer with the conflictKey of each conflicting reading. */
const CONFLICT_KEYS = 'conflict_keys';

/** A table whatever its rows: only its names and types are read. */
type AnyTable = Table<never>;

/**
 * The rows as one JSON array per column, in the order of the INSERT (`[]` for none). JSON.stringify
 * writes each array's text natively, where pg's encoding of an array parameter quotes and escapes
 * every element in JavaScript and was a large share of what the subscriber allocates per row.
 */
function columnArrays<R>(table: Table<R>, rows: readonly R[]): string[] {
  return table.columns.map((c) => JSON.stringify(rows.map(c.value)));
}

/**
 * The table's rows as they travel (placeholders from `$first`): each column's JSON array read
 * element by element, side by side, and each element cast to the column's type from its text, as
 * it would be from the text of a PostgreSQL array.
 */
function unnest(table: AnyTable, first: number): string {
  const columns = table.columns.map((_, i) => `c${i}`);
  const elements = columns.map((_, i) => `json_array_elements_text($${first + i}::json)`);
  const casts = table.columns.map((c, i) => `${columns[i]}::${c.type}`);
  return `SELECT ${casts.join(', ')} FROM ROWS FROM (${elements.join(', ')}) AS t(${columns.join(', ')})`;
}

const names = (table: AnyTable) => table.columns.map((c) => c.name);

/** `jsonb_build_object('value', s.value, 'unit', s.unit)` */
function asJson(columns: string[], alias: string): string {
  const pairs = columns.map((c) => `'${c.replaceAll('"', '')}', ${alias}.${c}`);
  return `jsonb_build_object(${pairs.join(', ')})`;
}

/**
 * The CTEs of a reading table: its rows in (`<t>_in`), those inserted (`<t>_rows`), and those
 * that differ from the stored row with their key (`<t>_conflicts`). A row whose key is stored
 * is left as it is. When every row was inserted, nothing more is done; otherwise only the rows
 * that were not inserted and are no copy of one that was (a redelivery in the same batch) are
 * looked up, each by its key: in the table as it was, and in the rows this statement inserted,
 * which the table does not show yet.
 */
function readingCtes(table: AnyTable, first: number): string[] {
  const t = table.name;
  const columns = names(table);
  const key = table.key!;
  const values = columns.filter((c) => !key.includes(c));
  const byKey = key.map((k) => `s.${k} = i.${k}`).join(' AND ');
  const tuple = (alias: string) => `(${values.map((v) => `${alias}.${v}`).join(', ')})`;
  return [
    `${t}_in (${columns.join(', ')}) AS (\n    ${unnest(table, first)})`,
    `${t}_rows AS (
    INSERT INTO ${t} (${columns.join(', ')})
    SELECT * FROM ${t}_in
    ON CONFLICT (${key.join(', ')}) DO NOTHING
    RETURNING ${columns.join(', ')}, stored_at)`,
    `${t}_conflicts AS (
    SELECT ${key.map((k) => `i.${k}`).join(', ')},
      ${asJson(values, 's')} AS stored,
      ${asJson(values, 'i')} AS received
    FROM (SELECT * FROM ${t}_in EXCEPT ALL SELECT ${columns.join(', ')} FROM ${t}_rows) AS i,
    LATERAL (
      SELECT ${values.join(', ')} FROM ${t} AS s WHERE ${byKey}
      UNION ALL
      SELECT ${values.join(', ')} FROM ${t}_rows AS s WHERE ${byKey}) AS s
    WHERE ${tuple('s')} IS DISTINCT FROM ${tuple('i')}
      AND (SELECT count(*) FROM ${t}_rows) < (SELECT count(*) FROM ${t}_in))`,
  ];
}

/** Records each conflict of every reading table once, however often it is received. */
function conflictsCte(kinds: readonly ReadingKind[]): string {
  const { name, columns, key } = CONFLICT_TABLE;
  const sources = kinds.map((kind) => {
    const t = READING_TABLES[kind].name;
    return `SELECT '${kind}', ${columns.slice(1).join(', ')} FROM ${t}_conflicts`;
  });
  return `${name}_rows AS (
    INSERT INTO ${name} (${columns.join(', ')})
    ${sources.join('\n    UNION ALL ')}
    ON CONFLICT (${key.join(', ')}) DO NOTHING)`;
}

/**
 * A whole batch in one statement, so in one round trip and one implicit transaction: the CTEs of
 * every reading table (with no rows for a table, its INSERT writes nothing), the conflicts, the
 * rejections. The text never changes, so the connection keeps it prepared. Returns the rows
 * each table received and the readings that conflicted.
 */
export const INSERT_BATCH = batchSql();

function batchSql(): string {
  let first = 1;
  const ctes: string[] = [];
  for (const kind of READING_KINDS) {
    const table = READING_TABLES[kind] as AnyTable;
    ctes.push(...readingCtes(table, first));
    first += table.columns.length;
  }
  ctes.push(conflictsCte(READING_KINDS));
  const rejections = REJECTION_TABLE.name;
  ctes.push(`${rejections}_rows AS (
    INSERT INTO ${rejections} (${names(REJECTION_TABLE).join(', ')})
    ${unnest(REJECTION_TABLE, first)} RETURNING 1)`);
  const tables = [...READING_KINDS.map((kind) => READING_TABLES[kind].name), rejections];
  const counts = tables.map((t) => `(SELECT count(*) FROM ${t}_rows)::int AS ${t}`);
  const conflicts = READING_KINDS.map(
    (kind) => `(SELECT count(*) FROM ${READING_TABLES[kind].name}_conflicts)`,
  );
  counts.push(`(${conflicts.join(' + ')})::int AS ${CONFLICT_TABLE.name}`);
  const lags = READING_KINDS.map(
    (kind) =>
      `SELECT extract(epoch FROM stored_at - "timestamp")::float8 FROM ${READING_TABLES[kind].name}_rows`,
  );
  // as JSON, which pg hands to JSON.parse: its parser of a float8[] is JavaScript, per element
  counts.push(`to_json(ARRAY(${lags.join('\n    UNION ALL ')})) AS ${SEND_TO_COMMIT}`);
  const keys = READING_KINDS.map(
    (kind) =>
      `SELECT '${kind}|' || sensor_id || '|' || ` +
      `to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') ` +
      `FROM ${READING_TABLES[kind].name}_conflicts`,
  );
  counts.push(`to_json(ARRAY(${keys.join('\n    UNION ALL ')})) AS ${CONFLICT_KEYS}`);
  return `WITH\n  ${ctes.join(',\n  ')}\nSELECT ${counts.join(',\n  ')}`;
}

/** What INSERT_BATCH answers, read from its one row. */
export interface BatchAnswer {
  /** The rows each table received and the conflicts, by table name. */
  counts: Record<string, number>;
  /** `stored_at - timestamp` of each reading stored, in seconds. */
  sendToCommitSeconds: number[];
  /** The conflictKey of each reading that conflicted. */
  conflictKeys: string[];
}

export function readBatchAnswer(row: Record<string, unknown>): BatchAnswer {
  const { [SEND_TO_COMMIT]: sendToCommitSeconds, [CONFLICT_KEYS]: conflictKeys, ...counts } = row;
  return {
    counts: counts as Record<string, number>,
    sendToCommitSeconds: sendToCommitSeconds as number[],
    conflictKeys: conflictKeys as string[],
  };
}

/**
 * A reading's key as INSERT_BATCH names a conflicting one: kind, sensor_id and the timestamp in
 * UTC with microseconds (the reading's date is normalised ISO, with 3 or 6 decimals).
 */
export function conflictKey(kind: ReadingKind, sensorId: string, date: string): string {
  const time = date.endsWith('Z') ? date.slice(0, -1) : date;
  const fraction = time.length - time.indexOf('.') - 1;
  return `${kind}|${sensorId}|${time}${'0'.repeat(Math.max(0, 6 - fraction))}`;
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

export function insertBatch(split: SplitBatch): Statement {
  const readings = READING_KINDS.flatMap((kind) =>
    columnArrays(
      READING_TABLES[kind] as unknown as Table<unknown>,
      split.readings[kind].map((i) => i.reading),
    ),
  );
  return {
    sql: INSERT_BATCH,
    params: [...readings, ...columnArrays(REJECTION_TABLE, split.rejections)],
  };
}
