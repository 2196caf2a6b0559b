import { Inject, Injectable } from '@nestjs/common';
import type { VitalParameter, VitalsMessage } from '@healthcare/contracts';
import { newestVitals, VITAL_SOURCES, vitalsMessage } from '@healthcare/database';
import { currentScore } from '@healthcare/early-warning';
import { ApiConfig } from '../config/api.config.js';
import { Database } from '../database/database.js';

/** One point per minute of a parameter: the minute's start (epoch ms) and its mean. */
export type Series = [number, number][];

export interface PatientVitals extends Omit<VitalsMessage, 'type'> {
  history: Partial<Record<VitalParameter, Series>>;
}

/** The most patients one answer holds. */
export const MAX_PATIENTS = 1000;

/** The patients wearing a device now, with their newest vitals and the last hour, per minute. */
@Injectable()
export class VitalsRepository {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  async current(patient: string | undefined, historyMinutes: number): Promise<PatientVitals[]> {
    const { rows } = await this.database.query<{ patient: string }>(
      `SELECT DISTINCT patient FROM assignment
        WHERE valid_to IS NULL AND ($1::text IS NULL OR patient = $1)
        ORDER BY patient LIMIT $2`,
      [patient ?? null, MAX_PATIENTS],
    );
    const patients = rows.map((r) => r.patient);
    const newest = await newestVitals(this.database, patients);
    const history = await this.history(patients, historyMinutes);
    const now = Date.now();
    return patients.map((p) => {
      const values = newest.get(p) ?? {};
      const { vitals, partial_score } = vitalsMessage(
        p,
        values,
        currentScore(values, now, this.config.VITAL_MAX_AGE_S),
      );
      return { patient: p, vitals, partial_score, history: history.get(p) ?? {} };
    });
  }

  /** Per-minute means since `minutes` ago, of the readings taken while each patient wore the device. */
  private async history(
    patients: string[],
    minutes: number,
  ): Promise<Map<string, Partial<Record<VitalParameter, Series>>>> {
    const found = new Map<string, Partial<Record<VitalParameter, Series>>>();
    if (patients.length === 0 || minutes === 0) return found;
    const since = new Date(Date.now() - minutes * 60_000);
    const parts = (Object.keys(VITAL_SOURCES) as VitalParameter[]).map((parameter) => {
      const { table, column } = VITAL_SOURCES[parameter];
      return `SELECT a.patient, '${parameter}' AS parameter,
          (extract(epoch FROM date_bin('1 minute', r."timestamp", TIMESTAMPTZ 'epoch')) * 1000)::float8 AS t,
          avg(r.${column})::float8 AS v
        FROM assignment a
        JOIN ${table} r ON r.sensor_id = a.sensor_id
         AND r."timestamp" >= greatest(a.valid_from, $2)
         AND (a.valid_to IS NULL OR r."timestamp" < a.valid_to)
       WHERE a.patient = ANY($1::varchar[]) AND (a.valid_to IS NULL OR a.valid_to > $2)
       GROUP BY 1, 2, 3`;
    });
    const { rows } = await this.database.query<{
      patient: string;
      parameter: VitalParameter;
      t: number;
      v: number;
    }>(`${parts.join(' UNION ALL ')} ORDER BY 1, 2, 3`, [patients, since]);
    for (const row of rows) {
      const series = found.get(row.patient) ?? {};
      (series[row.parameter] ??= []).push([row.t, row.v]);
      found.set(row.patient, series);
    }
    return found;
  }
}
