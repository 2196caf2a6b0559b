import { Inject, Injectable } from '@nestjs/common';
import type { ReadingKind } from '@healthcare/contracts';
import {
  isoInstant,
  KIND_TABLES,
  pageRow,
  pageStatement,
  Params,
  rowsOf,
  type PageQuery,
  type PageRow,
} from '@healthcare/database';
import { Database } from '../database/database.js';
import { encodeCursor } from './cursor.js';

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

/** A page row, or a single row with only its kind's value columns. */
type Row = Omit<PageRow, 'value' | 'systolic' | 'diastolic'> & Record<string, unknown>;

/** Readings out of the three tables: pages newest first, single rows, time-bucket aggregates. */
@Injectable()
export class ReadingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** One page, newest first, keyset-paginated (see pageStatement). */
  async page(query: PageQuery): Promise<Page<StoredReading>> {
    const { rows: found } = await this.database.query<unknown[]>(pageStatement(query));
    const rows = found.map(pageRow);
    const items = rows.slice(0, query.limit).map(toReading);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
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
  const { values: columns, unit } = KIND_TABLES[row.kind];
  const values: Record<string, number> = {};
  for (const column of columns) values[column] = row[column] as number;
  return {
    kind: row.kind,
    rowId: row.id,
    sensorId: row.sensor_id,
    patient: row.patient,
    timestamp: row.ts,
    values,
    unit,
  };
}
