import { Inject, Injectable } from '@nestjs/common';
import type { ReadingKind } from '@healthcare/contracts';
import { Database } from '../database/database.js';
import {
  isoInstant,
  KIND_TABLES,
  Params,
  rowsOf,
  type Subject,
  type TimeRange,
} from '@healthcare/database';

export interface Stats {
  min: number;
  max: number;
  mean: number;
}

/** One time bucket: its start, how many readings, and the statistics of each value field. */
export interface Bucket {
  start: string;
  count: number;
  values: Record<string, Stats>;
}

/**
 * Minimum, maximum, mean and count per time bucket, computed by PostgreSQL (`date_bin`, buckets
 * aligned on the Unix epoch, so in UTC): only one row per bucket leaves the database.
 */
@Injectable()
export class AggregatesRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async buckets(
    kind: ReadingKind,
    subject: Subject,
    range: TimeRange,
    bucketSeconds: number,
  ): Promise<Bucket[]> {
    const { values } = KIND_TABLES[kind];
    const params = new Params();
    const width = params.add(`${bucketSeconds} seconds`);
    const rows = rowsOf(kind, subject, range, params);
    const stats = values
      .map(
        (c) =>
          `min(t.${c})::float8 AS ${c}_min, max(t.${c})::float8 AS ${c}_max, avg(t.${c})::float8 AS ${c}_mean`,
      )
      .join(', ');
    const { rows: found } = await this.database.query<Record<string, unknown>>(
      `SELECT ${isoInstant('bucket')} AS start, count, ${values
        .map((c) => `${c}_min, ${c}_max, ${c}_mean`)
        .join(', ')}
         FROM (SELECT date_bin(${width}::interval, t."timestamp", TIMESTAMPTZ 'epoch') AS bucket,
                      count(*)::int AS count, ${stats}
                 FROM ${rows.from}
                WHERE ${rows.where.join(' AND ') || 'true'}
                GROUP BY 1) AS buckets
        ORDER BY bucket`,
      params.values,
    );
    return found.map((row) => ({
      start: row.start as string,
      count: row.count as number,
      values: Object.fromEntries(
        values.map((c) => [
          c,
          { min: row[`${c}_min`], max: row[`${c}_max`], mean: row[`${c}_mean`] } as Stats,
        ]),
      ),
    }));
  }
}
