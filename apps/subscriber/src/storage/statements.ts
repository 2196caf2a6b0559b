import { READING_KINDS, type Reading, type ReadingKind } from '@healthcare/contracts';
import type { BatchItem, ReadingItem, RejectionItem } from './batch.js';
import { READING_TABLES, REJECTION_TABLE, type Table } from './tables.js';

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * One INSERT for all the rows of a table: they travel as one array per column (placeholders from
 * `$first`) and unnest turns them back into rows, so the statement is the same for 1 row or
 * 5,000. A row whose unique key is already stored is left as it is.
 */
function insertInto(table: AnyTable, first = 1): string {
  const names = table.columns.map((c) => c.name).join(', ');
  const arrays = table.columns.map((c, i) => `$${first + i}::${c.type}[]`).join(', ');
  const onConflict = table.uniqueKey ? `\nON CONFLICT ${table.uniqueKey} DO NOTHING` : '';
  return `INSERT INTO ${table.name} (${names})\nSELECT * FROM unnest(${arrays})${onConflict}`;
}

/** The rows as one array per column, in the order of the INSERT (an empty array each for none). */
function columnArrays<R>(table: Table<R>, rows: readonly R[]): unknown[][] {
  return table.columns.map((c) => rows.map(c.value));
}

/** A table whatever its rows: only its names and types are read. */
type AnyTable = Table<never>;

const BATCH_TABLES: AnyTable[] = [
  ...READING_KINDS.map((kind) => READING_TABLES[kind]),
  REJECTION_TABLE,
];

/**
 * A whole batch in one statement, so in one round trip and one implicit transaction: one INSERT
 * per table as data-modifying CTEs (with no rows for a table, its INSERT writes nothing). The text
 * never changes, so PostgreSQL can keep it prepared. Returns the rows each table received.
 */
export const INSERT_BATCH = batchSql(BATCH_TABLES);

function batchSql(tables: AnyTable[]): string {
  let first = 1;
  const inserts = tables.map((table) => {
    const insert = insertInto(table, first).replaceAll('\n', '\n    ');
    first += table.columns.length;
    return `  ${table.name}_rows AS (\n    ${insert} RETURNING 1)`;
  });
  const counts = tables.map((t) => `(SELECT count(*) FROM ${t.name}_rows)::int AS ${t.name}`);
  return `WITH\n${inserts.join(',\n')}\nSELECT ${counts.join(',\n  ')}`;
}

/** The rows each table received from INSERT_BATCH, by table name. */
export type BatchCounts = Record<string, number>;

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
    readingArrays(
      kind,
      split.readings[kind].map((i) => i.reading),
    ),
  );
  return {
    sql: INSERT_BATCH,
    params: [...readings, ...columnArrays(REJECTION_TABLE, split.rejections)],
  };
}

export function insertReadings<K extends ReadingKind>(
  kind: K,
  readings: readonly Reading<K>[],
): Statement {
  return {
    sql: insertInto(READING_TABLES[kind]),
    params: readingArrays(kind, readings),
  };
}

export function insertRejections(items: readonly RejectionItem[]): Statement {
  return { sql: insertInto(REJECTION_TABLE), params: columnArrays(REJECTION_TABLE, items) };
}

function readingArrays<K extends ReadingKind>(
  kind: K,
  readings: readonly Reading<K>[],
): unknown[][] {
  return columnArrays(READING_TABLES[kind] as unknown as Table<Reading<K>>, readings);
}
