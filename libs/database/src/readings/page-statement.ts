import type { ReadingKind } from '@healthcare/contracts';
import { KIND_TABLES } from './reading-tables.js';
import {
  afterCursor,
  isoInstant,
  Params,
  rowsOf,
  type Cursor,
  type Subject,
  type TimeRange,
} from './reading-query.js';

export interface PageQuery {
  kinds: readonly ReadingKind[];
  subject: Subject;
  range: TimeRange;
  cursor?: Cursor;
  limit: number;
}

/** A row of a page: the value columns a kind lacks are null. */
export type PageRow = {
  kind: ReadingKind;
  rank: number;
  id: number;
  sensor_id: string;
  patient: string | null;
  /** UTC ISO 8601 with microseconds. */
  ts: string;
  value: number | null;
  systolic: number | null;
  diastolic: number | null;
};

/**
 * The statement of one page of readings, newest first, keyset-paginated: each kind's rows come
 * from an index scan that stops after `limit + 1` rows (the extra one tells that a next page
 * exists), and only those rows leave the database. The read API runs it; the bench sends the
 * same statement straight to PostgreSQL as its baseline. Its rows come as arrays (`rowMode`),
 * read by `pageRow`: pg then builds no object per row by field name, and the kind's rank, which
 * the kind tells, is not sent.
 */
export function pageStatement({ kinds, subject, range, cursor, limit }: PageQuery) {
  const params = new Params();
  const take = params.add(limit + 1);
  const parts = kinds.map((kind) => {
    const { values, rank } = KIND_TABLES[kind];
    const rows = rowsOf(kind, subject, range, params, { withPatient: true });
    if (cursor) rows.where.push(afterCursor(kind, cursor, params));
    const valueColumns = ['value', 'systolic', 'diastolic']
      .map((c) => (values.includes(c) ? `t.${c}::float8 AS ${c}` : `NULL::float8 AS ${c}`))
      .join(', ');
    return `(SELECT '${kind}'::text AS kind, ${rank} AS rank, t.id, t.sensor_id, t."timestamp",
                    a.patient, ${valueColumns}
               FROM ${rows.from}
              WHERE ${rows.where.join(' AND ') || 'true'}
              ORDER BY t."timestamp" DESC, t.sensor_id DESC
              LIMIT ${take})`;
  });
  return {
    // the columns in pageRow's order
    text: `SELECT kind, id, sensor_id, patient, ${isoInstant('"timestamp"')} AS ts,
                  value, systolic, diastolic
             FROM (${parts.join(' UNION ALL ')}) AS readings
            ORDER BY "timestamp" DESC, sensor_id DESC, rank DESC
            LIMIT ${take}`,
    values: params.values,
    rowMode: 'array' as const,
  };
}

/** A row of a page statement, as pg gives it in `rowMode: 'array'`. */
export function pageRow(row: unknown[]): PageRow {
  const kind = row[0] as ReadingKind;
  return {
    kind,
    rank: KIND_TABLES[kind].rank,
    id: row[1] as number,
    sensor_id: row[2] as string,
    patient: row[3] as string | null,
    ts: row[4] as string,
    value: row[5] as number | null,
    systolic: row[6] as number | null,
    diastolic: row[7] as number | null,
  };
}
