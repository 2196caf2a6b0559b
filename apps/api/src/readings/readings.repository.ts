import { Inject, Injectable } from '@nestjs/common';
import type { ReadingKind } from '@healthcare/contracts';
import { Database } from '../database/database.js';
import { encodeCursor, type Cursor } from './cursor.js';
import { KIND_TABLES } from './kinds.js';
import { afterCursor, isoInstant, Params, rowsOf, type Subject } from './reading-query.js';
import type { TimeRange } from './time-range.js';

/** A stored reading as the API gives it out. */
export interface StoredReading {
  kind: ReadingKind;
  rowId: number;
  sensorId: string;
  /** Who wore the device at the reading's timestamp; null when nobody was assigned. */
  patient: string | null;
  /** UTC ISO 8601 with microseconds. */
  timestamp: string;
  values: Record<string, number>;
  unit: string;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined on the last page. */
  next?: string;
}

export interface PageQuery {
  kinds: readonly ReadingKind[];
  subject: Subject;
  range: TimeRange;
  cursor?: Cursor;
  limit: number;
}

interface Row {
  kind: ReadingKind;
  rank: number;
  id: number;
  sensor_id: string;
  patient: string | null;
  ts: string;
  [value: string]: unknown;
}

/** Readings out of the three tables: pages newest first, single rows, time-bucket aggregates. */
@Injectable()
export class ReadingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /**
   * One page, newest first, keyset-paginated: each kind's rows come from an index scan that
   * stops after `limit + 1` rows, and only one page's rows ever leave the database.
   */
  async page({ kinds, subject, range, cursor, limit }: PageQuery): Promise<Page<StoredReading>> {
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
    const { rows } = await this.database.query<Row>(
      `SELECT kind, rank, id, sensor_id, patient, ${isoInstant('"timestamp"')} AS ts,
              value, systolic, diastolic
         FROM (${parts.join(' UNION ALL ')}) AS readings
        ORDER BY "timestamp" DESC, sensor_id DESC, rank DESC
        LIMIT ${take}`,
      params.values,
    );
    const items = rows.slice(0, limit).map(toReading);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      items,
      next: last && encodeCursor({ t: last.ts, s: last.sensor_id, k: last.rank }),
    };
  }

  /** One reading by its kind and row, with the patient who wore the device then. */
  async byId(kind: ReadingKind, rowId: number): Promise<StoredReading | undefined> {
    const { values, rank } = KIND_TABLES[kind];
    const params = new Params();
    const rows = rowsOf(kind, {}, {}, params, { withPatient: true });
    const { rows: found } = await this.database.query<Row>(
      `SELECT '${kind}'::text AS kind, ${rank} AS rank, t.id, t.sensor_id,
              ${isoInstant('t."timestamp"')} AS ts, a.patient,
              ${values.map((c) => `t.${c}::float8 AS ${c}`).join(', ')}
         FROM ${rows.from} WHERE t.id = ${params.add(rowId)}`,
      params.values,
    );
    return found[0] && toReading(found[0]);
  }
}

function toReading(row: Row): StoredReading {
  const { values, unit } = KIND_TABLES[row.kind];
  return {
    kind: row.kind,
    rowId: row.id,
    sensorId: row.sensor_id,
    patient: row.patient,
    timestamp: row.ts,
    values: Object.fromEntries(values.map((c) => [c, row[c] as number])),
    unit,
  };
}
