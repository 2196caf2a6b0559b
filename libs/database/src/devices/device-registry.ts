import { inTransaction } from '../transaction.js';
import { newToken, tokenDigest } from '@healthcare/credentials';
import { isReadingKind, SENSOR_ID_PATTERN, type ReadingKind } from '@healthcare/contracts';
import type pg from 'pg';
import { sqlState } from '../pg-errors.js';

/** The channel the registry's trigger notifies on every change of a device or a credential. */
export const DEVICE_REGISTRY_CHANNEL = 'device_registry';

/** A refusal of the device command that a person can act on (one line, exit 1). */
export class DeviceRegistryError extends Error {
  override name = 'DeviceRegistryError';
}

export interface DeviceSummary {
  id: string;
  kind: ReadingKind;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Credentials valid now or later (a rotated one during its grace counts). */
  activeCredentials: number;
  /** The latest end of a credential valid now, null when one never ends. */
  validUntil: Date | null;
}

/** One credential as the gateway caches it: what a token's digest may do, and when. */
export interface DeviceCredential {
  digest: Buffer;
  deviceId: string;
  kind: ReadingKind;
  enabled: boolean;
  notBefore: Date;
  notAfter: Date | null;
}

/** A device as the gateway caches it for certificate identity: what it may send, and whether it may. */
export interface RegisteredDevice {
  id: string;
  kind: ReadingKind;
  enabled: boolean;
}

export interface Registration {
  token: string;
  /** Set when the device existed and was given a new token instead (`ifExists: 'rotate'`). */
  oldUntil?: Date;
}

/**
 * A new device with its first credential; the token is returned once and stored only as its
 * digest. A device that exists is an error, or with `ifExists: 'rotate'` (for start scripts that
 * run again) gets a new token as `rotateDevice` gives it, when it is of the same kind.
 */
export async function registerDevice(
  db: pg.ClientBase,
  id: string,
  kind: string,
  { ifExists = 'fail', graceMs = 0 }: { ifExists?: 'fail' | 'rotate'; graceMs?: number } = {},
): Promise<Registration> {
  if (ifExists === 'rotate') {
    const existing = await db.query<{ kind: string }>('SELECT kind FROM device WHERE id = $1', [
      id,
    ]);
    const found = existing.rows[0]?.kind;
    if (found !== undefined && found !== kind) {
      throw new DeviceRegistryError(`device ${id} exists for ${found} readings, not ${kind}`);
    }
    if (found !== undefined) return rotateDevice(db, id, graceMs);
  }
  return { token: await addDevice(db, id, kind) };
}

/**
 * Many new devices at once, each with its first credential, in one transaction (a load test's
 * simulated fleet); returns their tokens in the same order.
 */
export async function addDevices(
  db: pg.ClientBase,
  devices: { id: string; kind: ReadingKind }[],
): Promise<string[]> {
  for (const { id } of devices) checkId(id);
  const tokens = devices.map(() => newToken());
  const ids = devices.map((d) => d.id);
  await inTransaction(db, async () => {
    await db.query('INSERT INTO device (id, kind) SELECT * FROM unnest($1::text[], $2::text[])', [
      ids,
      devices.map((d) => d.kind),
    ]);
    await db.query(
      'INSERT INTO device_credential (device_id, digest) SELECT * FROM unnest($1::text[], $2::bytea[])',
      [ids, tokens.map(tokenDigest)],
    );
  });
  return tokens;
}

async function addDevice(db: pg.ClientBase, id: string, kind: string): Promise<string> {
  checkId(id);
  if (!isReadingKind(kind)) {
    throw new DeviceRegistryError(
      `--kind must be temperature, pressure or heartRate (got "${kind}")`,
    );
  }
  return inTransaction(db, async () => {
    try {
      await db.query('INSERT INTO device (id, kind) VALUES ($1, $2)', [id, kind]);
    } catch (err) {
      if (sqlState(err) === '23505') {
        throw new DeviceRegistryError(`device ${id} exists; use rotate for a new token`);
      }
      throw err;
    }
    return insertCredential(db, id);
  });
}

/**
 * A new token for the device; its credentials valid now end `graceMs` from now (0: at once),
 * so that a device can move to the new token meanwhile. Returns the token and that end.
 */
export async function rotateDevice(
  db: pg.ClientBase,
  id: string,
  graceMs: number,
): Promise<{ token: string; oldUntil: Date }> {
  checkId(id);
  return inTransaction(db, async () => {
    const device = await db.query('SELECT 1 FROM device WHERE id = $1 FOR UPDATE', [id]);
    if (device.rowCount === 0) throw unknownDevice(id);
    const ends = await db.query<{ until: Date }>(
      `UPDATE device_credential
          SET not_after = GREATEST(not_before, clock_timestamp() + $2::double precision * interval '1 millisecond')
        WHERE device_id = $1
          AND (not_after IS NULL OR not_after > clock_timestamp() + $2::double precision * interval '1 millisecond')
        RETURNING not_after AS until`,
      [id, graceMs],
    );
    await db.query('UPDATE device SET updated_at = clock_timestamp() WHERE id = $1', [id]);
    const token = await insertCredential(db, id);
    const oldUntil = ends.rows[0]?.until ?? new Date();
    return { token, oldUntil };
  });
}

/** Enables or disables a device; a disabled one keeps its credentials but sends nothing. */
export async function setDeviceEnabled(
  db: pg.ClientBase,
  id: string,
  enabled: boolean,
): Promise<void> {
  checkId(id);
  const result = await db.query(
    'UPDATE device SET enabled = $2, updated_at = clock_timestamp() WHERE id = $1',
    [id, enabled],
  );
  if (result.rowCount === 0) throw unknownDevice(id);
}

/** Every device, by id, without secrets. */
export async function listDevices(db: pg.ClientBase): Promise<DeviceSummary[]> {
  const { rows } = await db.query<DeviceSummary>(
    `SELECT d.id, d.kind, d.enabled, d.created_at AS "createdAt", d.updated_at AS "updatedAt",
            count(c.id)::int AS "activeCredentials",
            CASE WHEN bool_or(c.id IS NOT NULL AND c.not_after IS NULL) THEN NULL
                 ELSE max(c.not_after) END AS "validUntil"
       FROM device d
       LEFT JOIN device_credential c
         ON c.device_id = d.id AND (c.not_after IS NULL OR c.not_after > clock_timestamp())
      GROUP BY d.id
      ORDER BY d.id`,
  );
  return rows;
}

/** Every credential not yet ended, with its device: what a gateway caches. */
export async function loadDeviceCredentials(db: pg.ClientBase): Promise<DeviceCredential[]> {
  const { rows } = await db.query<DeviceCredential>(
    `SELECT c.digest, c.device_id AS "deviceId", d.kind, d.enabled,
            c.not_before AS "notBefore", c.not_after AS "notAfter"
       FROM device_credential c
       JOIN device d ON d.id = c.device_id
      WHERE c.not_after IS NULL OR c.not_after > clock_timestamp()`,
  );
  return rows;
}

/** Every device, enabled or not, whatever its tokens: whom a client certificate may name. */
export async function loadDevices(db: pg.ClientBase): Promise<RegisteredDevice[]> {
  const { rows } = await db.query<RegisteredDevice>('SELECT id, kind, enabled FROM device');
  return rows;
}

async function insertCredential(db: pg.ClientBase, id: string): Promise<string> {
  const token = newToken();
  await db.query('INSERT INTO device_credential (device_id, digest) VALUES ($1, $2)', [
    id,
    tokenDigest(token),
  ]);
  return token;
}

function checkId(id: string): void {
  if (!SENSOR_ID_PATTERN.test(id)) {
    throw new DeviceRegistryError(
      `a device id is the sensor_id it sends: 1-50 letters, digits, _ or - (got "${id}")`,
    );
  }
}

function unknownDevice(id: string): DeviceRegistryError {
  return new DeviceRegistryError(`no device ${id}; add it first`);
}
