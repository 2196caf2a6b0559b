import type { Reading, ReadingKind, VitalsMessage } from '@healthcare/contracts';
import type { CurrentScore, Parameter } from '@healthcare/early-warning';
import type pg from 'pg';
import { KIND_TABLES } from './readings/reading-tables.js';

/** A parameter's value and when it was measured. */
export interface Vital {
  value: number;
  at: Date;
}
export type Vitals = Partial<Record<Parameter, Vital>>;

/** Which kind of reading measures each NEWS2 parameter, in which field. */
const MEASURES: Readonly<Record<Parameter, { kind: ReadingKind; column: string }>> = {
  systolic: { kind: 'pressure', column: 'systolic' },
  pulse: { kind: 'heartRate', column: 'value' },
  temperature: { kind: 'temperature', column: 'value' },
};

/** Where each NEWS2 parameter is stored: its kind's table (KIND_TABLES) and the field's column. */
export const VITAL_SOURCES: Readonly<
  Record<Parameter, { kind: ReadingKind; table: string; column: string }>
> = Object.fromEntries(
  Object.entries(MEASURES).map(([parameter, source]) => [
    parameter,
    { ...source, table: KIND_TABLES[source.kind].table },
  ]),
) as Record<Parameter, { kind: ReadingKind; table: string; column: string }>;

const MEASURED_BY = Object.fromEntries(
  Object.entries(VITAL_SOURCES).map(([parameter, { kind, column }]) => [
    kind,
    { parameter, column },
  ]),
) as Record<ReadingKind, { parameter: Parameter; column: string }>;

/** The NEWS2 parameter a reading measures and its value (every kind measures one). */
export function measuredVital(
  kind: ReadingKind,
  reading: Reading,
): { parameter: Parameter; value: number } {
  const { parameter, column } = MEASURED_BY[kind];
  return { parameter, value: (reading as unknown as Record<string, number>)[column] };
}

/** The channel of PostgreSQL notifications that feed live views (see LiveMessage). */
export const LIVE_CHANNEL = 'healthcare_live';

/**
 * Each patient's newest value of each parameter, among the readings of the devices they wore
 * while they wore them; a patient with none has an empty entry.
 */
export async function newestVitals(
  client: pg.ClientBase | pg.Pool,
  patients: readonly string[],
): Promise<Map<string, Vitals>> {
  const found = new Map<string, Vitals>(patients.map((p) => [p, {}]));
  if (patients.length === 0) return found;
  const parts = (Object.keys(VITAL_SOURCES) as Parameter[]).map((parameter) => {
    const { table, column } = VITAL_SOURCES[parameter];
    return `SELECT p.patient, '${parameter}' AS parameter, v.value, v.at
      FROM unnest($1::varchar[]) AS p(patient)
      CROSS JOIN LATERAL (
        SELECT t.${column}::float8 AS value, t."timestamp" AS at
          FROM assignment a
          CROSS JOIN LATERAL (
            SELECT r.${column}, r."timestamp" FROM ${table} r
             WHERE r.sensor_id = a.sensor_id AND r."timestamp" >= a.valid_from
               AND (a.valid_to IS NULL OR r."timestamp" < a.valid_to)
             ORDER BY r."timestamp" DESC LIMIT 1) t
         WHERE a.patient = p.patient
         ORDER BY t."timestamp" DESC LIMIT 1) v`;
  });
  const { rows } = await client.query<{
    patient: string;
    parameter: Parameter;
    value: number;
    at: Date;
  }>(parts.join(' UNION ALL '), [patients]);
  for (const row of rows) {
    const vitals = found.get(row.patient);
    if (vitals) vitals[row.parameter] = { value: row.value, at: row.at };
  }
  return found;
}

/** A patient's newest vitals with their NEWS2 scores, as live views receive them. */
export function vitalsMessage(patient: string, values: Vitals, score: CurrentScore): VitalsMessage {
  // a plain loop: the scorer builds one for every patient of every round
  const vitals: VitalsMessage['vitals'] = {};
  for (const parameter in values) {
    const vital = values[parameter as Parameter]!;
    vitals[parameter as Parameter] = {
      value: vital.value,
      at: vital.at.toISOString(),
      score: score.scores[parameter as Parameter] ?? null,
      stale: score.stale.includes(parameter as Parameter),
    };
  }
  return { type: 'vitals', patient, vitals, partial_score: score.total };
}
