import { inTransaction } from './transaction.js';
import type pg from 'pg';
import { sqlState } from './pg-errors.js';

/** A device worn by a patient from `validFrom` until `validTo` (still worn when null). */
export interface Assignment {
  id: number;
  sensorId: string;
  patient: string;
  validFrom: Date;
  validTo: Date | null;
}

/** An assignment that cannot be made: it would overlap another, or there is none to end. */
export class AssignmentError extends Error {
  override name = 'AssignmentError';
  constructor(
    readonly reason: 'overlap' | 'not_assigned',
    message: string,
  ) {
    super(message);
  }
}

/** The channel on which the `assignment` table's trigger announces every change to it. */
export const ASSIGNMENT_CHANNEL = 'assignment_changes';

const COLUMNS = `id, sensor_id AS "sensorId", patient, valid_from AS "validFrom", valid_to AS "validTo"`;

/**
 * Assigns a device to a patient from `from` on. A device worn by someone else until then is
 * taken from them at `from` (their readings before it stay theirs); an assignment to the same
 * patient that is still open is kept as it is. Written in a read-write transaction of its own,
 * so it works on a session whose default is read-only (the API's).
 */
export async function assignDevice(
  client: pg.ClientBase,
  sensorId: string,
  patient: string,
  from: Date,
): Promise<Assignment> {
  return inTransaction(client, async () => {
    const open = await client.query<Assignment>(
      `SELECT ${COLUMNS} FROM assignment WHERE sensor_id = $1 AND valid_to IS NULL FOR UPDATE`,
      [sensorId],
    );
    const current = open.rows[0];
    if (current && current.patient === patient && current.validFrom <= from) return current;
    if (current) {
      if (current.validFrom >= from) {
        throw new AssignmentError(
          'overlap',
          `${sensorId} is assigned to ${current.patient} since ${current.validFrom.toISOString()}: ` +
            'a new assignment must start later',
        );
      }
      await client.query('UPDATE assignment SET valid_to = $2 WHERE id = $1', [current.id, from]);
    }
    try {
      const inserted = await client.query<Assignment>(
        `INSERT INTO assignment (sensor_id, patient, valid_from) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [sensorId, patient, from],
      );
      return inserted.rows[0];
    } catch (err) {
      // 23P01: the exclusion constraint, an assignment of this device after `from`
      if (sqlState(err) !== '23P01') throw err;
      throw new AssignmentError(
        'overlap',
        `${sensorId} has an assignment after ${from.toISOString()}: assignments of a device must not overlap`,
      );
    }
  });
}

/** Ends the open assignment of a device at `at`. */
export async function endAssignment(
  client: pg.ClientBase,
  sensorId: string,
  at: Date,
): Promise<Assignment> {
  return inTransaction(client, async () => {
    const ended = await client.query<Assignment>(
      `UPDATE assignment SET valid_to = $2
        WHERE sensor_id = $1 AND valid_to IS NULL AND valid_from < $2
        RETURNING ${COLUMNS}`,
      [sensorId, at],
    );
    if (ended.rows[0]) return ended.rows[0];
    throw new AssignmentError(
      'not_assigned',
      `${sensorId} has no assignment open before ${at.toISOString()}`,
    );
  });
}

/** The assignments of a device or a patient (or all), oldest first, at most `limit`. */
export async function listAssignments(
  client: pg.ClientBase | pg.Pool,
  filter: { sensorId?: string; patient?: string },
  limit: number,
): Promise<Assignment[]> {
  const result = await client.query<Assignment>(
    `SELECT ${COLUMNS} FROM assignment
      WHERE ($1::text IS NULL OR sensor_id = $1) AND ($2::text IS NULL OR patient = $2)
      ORDER BY valid_from, sensor_id LIMIT $3`,
    [filter.sensorId ?? null, filter.patient ?? null, limit],
  );
  return result.rows;
}

/** Every assignment of each of these devices (an empty list for a device nobody has worn). */
export async function assignmentsOfDevices(
  client: pg.ClientBase | pg.Pool,
  sensorIds: readonly string[],
): Promise<Map<string, Assignment[]>> {
  const found = new Map<string, Assignment[]>(sensorIds.map((id) => [id, []]));
  if (sensorIds.length === 0) return found;
  // the ids as one JSON array: pg would quote and escape each element of a varchar[] in JavaScript
  const { rows } = await client.query<Assignment>(
    `SELECT ${COLUMNS} FROM assignment
      WHERE sensor_id = ANY(ARRAY(SELECT json_array_elements_text($1::json)))`,
    [JSON.stringify(sensorIds)],
  );
  for (const row of rows) found.get(row.sensorId)?.push(row);
  return found;
}

/** The patient whose assignment covers a reading taken at `at`, if any. */
export function wornBy(assignments: readonly Assignment[], at: Date): string | undefined {
  return assignments.find((a) => a.validFrom <= at && (a.validTo === null || at < a.validTo))
    ?.patient;
}
