import type { ReadingKind } from '@healthcare/contracts';
import { KIND_TABLES } from './reading-tables.js';

/** One end of a time range: an instant PostgreSQL reads as timestamptz, in or out of the range. */
export interface Bound {
  at: string;
  inclusive: boolean;
}

export interface TimeRange {
  lower?: Bound;
  upper?: Bound;
}

/**
 * Where a page ended: the last reading's timestamp (as PostgreSQL wrote it, microseconds kept),
 * sensor and kind rank. The next page starts strictly after it in the order
 * `timestamp DESC, sensor_id DESC, rank DESC`, which is unique (one row per sensor, instant
 * and kind).
 */
export interface Cursor {
  t: string;
  s: string;
  k: number;
}

/** Whose readings: one device, one patient, or one device while one patient wore it. */
export interface Subject {
  sensorId?: string;
  patient?: string;
  /** Only readings some patient's assignment covers (FHIR Observations need a subject). */
  assignedOnly?: boolean;
}

/** Parameters of a statement, numbered as they are added. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** An assignment `a` that covers the reading `t`: the device's, from its start until its end. */
const COVERS = `a.sensor_id = t.sensor_id
  AND t."timestamp" >= a.valid_from AND (a.valid_to IS NULL OR t."timestamp" < a.valid_to)`;

/**
 * The rows of one kind's table for a subject and a time range, as a FROM/WHERE fragment with
 * `t` the reading and, with `withPatient`, `a.patient` the patient who wore the device then
 * (null when nobody did). For a patient it starts from their assignments, so each device's rows
 * are read by the table's (sensor_id, "timestamp") index within each assignment's window. For a
 * device, its assignments are joined to the rows (read once, not probed per row; they never
 * overlap, so each row has one at most).
 */
export function rowsOf(
  kind: ReadingKind,
  subject: Subject,
  range: TimeRange,
  params: Params,
  { withPatient = false } = {},
) {
  const { table } = KIND_TABLES[kind];
  const where: string[] = [];
  let from: string;
  if (subject.patient !== undefined || subject.assignedOnly) {
    from = `assignment a JOIN ${table} t ON ${COVERS}`;
    if (subject.patient !== undefined) where.push(`a.patient = ${params.add(subject.patient)}`);
    if (subject.sensorId !== undefined) where.push(`a.sensor_id = ${params.add(subject.sensorId)}`);
  } else {
    from = withPatient ? `${table} t LEFT JOIN assignment a ON ${COVERS}` : `${table} t`;
    if (subject.sensorId !== undefined) where.push(`t.sensor_id = ${params.add(subject.sensorId)}`);
  }
  if (range.lower) {
    where.push(
      `t."timestamp" ${range.lower.inclusive ? '>=' : '>'} ${params.add(range.lower.at)}::timestamptz`,
    );
  }
  if (range.upper) {
    where.push(
      `t."timestamp" ${range.upper.inclusive ? '<=' : '<'} ${params.add(range.upper.at)}::timestamptz`,
    );
  }
  return { from, where };
}

/** Rows strictly after the cursor in `timestamp DESC, sensor_id DESC, rank DESC` order. */
export function afterCursor(kind: ReadingKind, cursor: Cursor, params: Params): string {
  const t = params.add(cursor.t);
  const s = params.add(cursor.s);
  // within one table the rank is fixed: the same instant and sensor is after the cursor only
  // when this kind ranks below the cursor's
  const sameSensor = KIND_TABLES[kind].rank < cursor.k ? '<=' : '<';
  return `t."timestamp" <= ${t}::timestamptz
          AND (t."timestamp" < ${t}::timestamptz OR t.sensor_id ${sameSensor} ${s})`;
}

/** A timestamptz as UTC ISO 8601 with its microseconds, as readings are given out. */
export const isoInstant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
