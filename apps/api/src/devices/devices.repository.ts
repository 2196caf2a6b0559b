import { Inject, Injectable } from '@nestjs/common';
import { READING_KINDS } from '@healthcare/contracts';
import { KIND_TABLES, Params } from '@healthcare/database';
import { Database } from '../database/database.js';
import { ReadingsRepository, type StoredReading } from '../readings/readings.repository.js';

/** A device as the API knows it: a sensor_id seen in readings or in assignments. */
export interface Device {
  sensorId: string;
  /** The newest reading the reader may see; undefined when none. */
  lastReading?: StoredReading;
  /** The patient wearing it now; null when nobody (or someone the reader may not see). */
  patient: string | null;
}

/**
 * Devices derived from the reading tables and the assignments (there is no device registry
 * here yet). Distinct sensor ids come from each table's (sensor_id, "timestamp") index by a
 * loose index scan, one index probe per device, so the cost follows the devices, not the rows.
 */
@Injectable()
export class DevicesRepository {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ReadingsRepository) private readonly readings: ReadingsRepository,
  ) {}

  /** Sensor ids after `after`, in order, at most `limit`: of every device, or of one patient's. */
  async sensorIds(patient: string | undefined, after: string, limit: number): Promise<string[]> {
    const params = new Params();
    const from = params.add(after);
    const take = params.add(limit);
    let sql: string;
    if (patient !== undefined) {
      sql = `SELECT DISTINCT sensor_id FROM assignment
              WHERE patient = ${params.add(patient)} AND sensor_id > ${from}
              ORDER BY sensor_id LIMIT ${take}`;
    } else {
      const skipScans = Object.values(KIND_TABLES).map(
        ({ table }) => `(WITH RECURSIVE ids AS (
            (SELECT sensor_id FROM ${table} WHERE sensor_id > ${from} ORDER BY sensor_id LIMIT 1)
            UNION ALL
            SELECT (SELECT t.sensor_id FROM ${table} t WHERE t.sensor_id > ids.sensor_id
                     ORDER BY t.sensor_id LIMIT 1)
              FROM ids WHERE ids.sensor_id IS NOT NULL)
          SELECT sensor_id FROM ids WHERE sensor_id IS NOT NULL LIMIT ${take})`,
      );
      sql = `SELECT sensor_id FROM (
               ${skipScans.join(' UNION ')}
               UNION
               (SELECT DISTINCT sensor_id FROM assignment WHERE sensor_id > ${from}
                 ORDER BY sensor_id LIMIT ${take})
             ) AS ids ORDER BY sensor_id LIMIT ${take}`;
    }
    const { rows } = await this.database.query<{ sensor_id: string }>(sql, params.values);
    return rows.map((r) => r.sensor_id);
  }

  /** The device as `patient`'s reader sees it (undefined: every patient), or undefined. */
  async find(sensorId: string, patient: string | undefined): Promise<Device | undefined> {
    const sources =
      patient === undefined
        ? [
            ...Object.values(KIND_TABLES).map(
              ({ table }) => `SELECT 1 FROM ${table} WHERE sensor_id = $1`,
            ),
            'SELECT 1 FROM assignment WHERE sensor_id = $1',
          ]
        : ['SELECT 1 FROM assignment WHERE sensor_id = $1 AND patient = $2'];
    const { rows } = await this.database.query<{ known: boolean }>(
      `SELECT ${sources.map((s) => `EXISTS (${s})`).join(' OR ')} AS known`,
      patient === undefined ? [sensorId] : [sensorId, patient],
    );
    return rows[0]?.known ? this.describe(sensorId, patient) : undefined;
  }

  async describe(sensorId: string, patient: string | undefined): Promise<Device> {
    const [page, current] = await Promise.all([
      this.readings.page({
        kinds: READING_KINDS,
        subject: { sensorId, patient },
        range: {},
        limit: 1,
      }),
      this.database.query<{ patient: string }>(
        `SELECT patient FROM assignment
          WHERE sensor_id = $1 AND valid_from <= now() AND (valid_to IS NULL OR now() < valid_to)`,
        [sensorId],
      ),
    ]);
    const wearer = current.rows[0]?.patient ?? null;
    return {
      sensorId,
      lastReading: page.items[0],
      patient: patient === undefined || wearer === patient ? wearer : null,
    };
  }

  /** Whether any assignment names the patient: the only record of patients here. */
  async patientKnown(patient: string): Promise<boolean> {
    const { rows } = await this.database.query(
      'SELECT 1 FROM assignment WHERE patient = $1 LIMIT 1',
      [patient],
    );
    return rows.length > 0;
  }
}
