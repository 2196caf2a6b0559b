import { inTransaction } from './transaction.js';
import type { AlertCause, AlertChange, AlertMessage } from '@healthcare/contracts';
import type { CurrentScore } from '@healthcare/early-warning';
import { planAlerts, type OpenAlert } from './alert-plan.js';
import type pg from 'pg';
import type { Vitals } from './vitals.js';

interface AlertRow {
  id: string;
  patient: string;
  cause: AlertCause;
  value: number | null;
  score: number;
  observed_at: Date;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
}

/** An alert's columns, with the name of the reader who acknowledged it; `a` is the alert rows. */
const SELECT_ALERTS = `SELECT a.id, a.patient, a.cause, a.value::float8 AS value, a.score,
    a.observed_at, a.opened_at, a.updated_at, a.closed_at, r.name AS acknowledged_by,
    a.acknowledged_at
  FROM`;
const WITH_READER = 'LEFT JOIN reader r ON r.id = a.acknowledged_by';

export function alertMessage(row: AlertRow, change: AlertChange): AlertMessage {
  return {
    id: Number(row.id),
    change,
    patient: row.patient,
    cause: row.cause,
    value: row.value,
    score: row.score,
    observed_at: row.observed_at.toISOString(),
    opened_at: row.opened_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    closed_at: row.closed_at?.toISOString() ?? null,
    acknowledged_by: row.acknowledged_by,
    acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
  };
}

/**
 * The open alerts of these patients, read without a lock: enough to tell which patients have
 * nothing to change (planAlerts), so that only the others take a transaction (applyScore).
 */
export async function openAlerts(
  client: pg.ClientBase | pg.Pool,
  patients: readonly string[],
): Promise<Map<string, OpenAlert[]>> {
  const found = new Map<string, OpenAlert[]>();
  if (patients.length === 0) return found;
  const { rows } = await client.query<OpenAlert & { patient: string }>(
    `SELECT id, patient, cause, value::float8 AS value, score, observed_at
       FROM alert
      WHERE patient = ANY(ARRAY(SELECT json_array_elements_text($1::json))) AND closed_at IS NULL`,
    // as one JSON text: pg would quote and escape each element of an array in JavaScript
    [JSON.stringify(patients)],
  );
  for (const { patient, ...alert } of rows) {
    const list = found.get(patient);
    if (list) list.push(alert);
    else found.set(patient, [alert]);
  }
  return found;
}

/**
 * Brings a patient's alerts in line with their newest score (planAlerts), in one transaction
 * that locks their open alerts first. Returns the changes, for publishing; an update that changes
 * neither value nor score is stored but not returned.
 */
export async function applyScore(
  client: pg.ClientBase,
  patient: string,
  vitals: Vitals,
  score: CurrentScore,
): Promise<AlertMessage[]> {
  return inTransaction(client, () => reconcile(client, patient, vitals, score));
}

async function reconcile(
  client: pg.ClientBase,
  patient: string,
  vitals: Vitals,
  score: CurrentScore,
): Promise<AlertMessage[]> {
  const { rows: open } = await client.query<AlertRow>(
    `${SELECT_ALERTS} alert a ${WITH_READER}
      WHERE a.patient = $1 AND a.closed_at IS NULL FOR UPDATE OF a`,
    [patient],
  );
  const plan = planAlerts(open, vitals, score);
  const changes: AlertMessage[] = [];
  for (const { alert, state, changed } of plan.update) {
    const { rows } = await client.query<AlertRow>(
      `WITH a AS (UPDATE alert SET value = $2, score = $3, observed_at = $4,
                    updated_at = clock_timestamp()
                   WHERE id = $1 RETURNING *)
       ${SELECT_ALERTS} a ${WITH_READER}`,
      [alert.id, state.value, state.score, state.observedAt],
    );
    if (changed && rows[0]) changes.push(alertMessage(rows[0], 'updated'));
  }
  for (const { cause, state } of plan.open) {
    const { rows } = await client.query<AlertRow>(
      `WITH a AS (INSERT INTO alert (patient, cause, value, score, observed_at)
                  VALUES ($1, $2, $3, $4, $5)
                  ON CONFLICT (patient, cause) WHERE closed_at IS NULL DO NOTHING
                  RETURNING *)
       ${SELECT_ALERTS} a ${WITH_READER}`,
      [patient, cause, state.value, state.score, state.observedAt],
    );
    if (rows[0]) changes.push(alertMessage(rows[0], 'opened'));
  }
  if (plan.close.length > 0) {
    const { rows } = await client.query<AlertRow>(
      `WITH a AS (UPDATE alert SET closed_at = clock_timestamp(), updated_at = clock_timestamp()
                   WHERE id = ANY($1::bigint[]) AND closed_at IS NULL RETURNING *)
       ${SELECT_ALERTS} a ${WITH_READER}`,
      [plan.close.map((a) => a.id)],
    );
    for (const row of rows) changes.push(alertMessage(row, 'closed'));
  }
  return changes;
}

/**
 * Which alerts a list shows: `open` needs attention (not closed, not acknowledged),
 * `acknowledged` is not closed but acknowledged, `closed` is over, `all` is every one.
 */
export type AlertState = 'open' | 'acknowledged' | 'closed' | 'all';
export const ALERT_STATES: readonly AlertState[] = ['open', 'acknowledged', 'closed', 'all'];

const STATE_FILTER: Record<AlertState, string> = {
  open: 'a.closed_at IS NULL AND a.acknowledged_at IS NULL',
  acknowledged: 'a.closed_at IS NULL AND a.acknowledged_at IS NOT NULL',
  closed: 'a.closed_at IS NOT NULL',
  all: 'true',
};

/** Alerts newest first, at most `limit`, of one patient or of all. */
export async function listAlerts(
  client: pg.ClientBase | pg.Pool,
  filter: { state: AlertState; patient?: string },
  limit: number,
): Promise<AlertMessage[]> {
  const { rows } = await client.query<AlertRow>(
    `${SELECT_ALERTS} alert a ${WITH_READER}
      WHERE ${STATE_FILTER[filter.state]} AND ($1::text IS NULL OR a.patient = $1)
      ORDER BY a.opened_at DESC, a.id DESC LIMIT $2`,
    [filter.patient ?? null, limit],
  );
  const change = (row: AlertRow): AlertChange =>
    row.closed_at ? 'closed' : row.acknowledged_at ? 'acknowledged' : 'opened';
  return rows.map((row) => alertMessage(row, change(row)));
}

/**
 * The channel on which an acknowledgement is announced, in its transaction. The alert row is the
 * outbox: `acknowledged_at` set and `acknowledgement_published_at` not yet.
 */
export const ALERT_ACKNOWLEDGED_CHANNEL = 'healthcare_alert_acknowledged';

/**
 * Records that a reader has seen an alert (the first acknowledgement stands), in a read-write
 * transaction of its own, where it also becomes an acknowledgement to publish on `alerts`.
 * Undefined when there is no such alert (of `patient`, when given).
 */
export async function acknowledgeAlert(
  client: pg.ClientBase,
  id: number,
  readerId: number,
  patient: string | undefined,
): Promise<AlertMessage | undefined> {
  const row = await inTransaction(client, async () => {
    const { rows } = await client.query<AlertRow>(
      `WITH a AS (UPDATE alert SET acknowledged_by = $2, acknowledged_at = clock_timestamp(),
                    updated_at = clock_timestamp()
                   WHERE id = $1 AND acknowledged_at IS NULL
                     AND ($3::text IS NULL OR patient = $3)
                   RETURNING *)
       ${SELECT_ALERTS} a ${WITH_READER}`,
      [id, readerId, patient ?? null],
    );
    if (rows[0]) {
      // delivered at COMMIT, with the row: the subscriber publishes it (AcknowledgementRelay)
      await client.query('SELECT pg_notify($1, $2)', [ALERT_ACKNOWLEDGED_CHANNEL, rows[0].id]);
      return rows[0];
    }
    const existing = await client.query<AlertRow>(
      `${SELECT_ALERTS} alert a ${WITH_READER}
        WHERE a.id = $1 AND ($2::text IS NULL OR a.patient = $2)`,
      [id, patient ?? null],
    );
    return existing.rows[0];
  });
  return row && alertMessage(row, 'acknowledged');
}

/** Acknowledgements not yet published on `alerts`, oldest first, at most `limit`. */
export async function unpublishedAcknowledgements(
  client: pg.ClientBase | pg.Pool,
  limit: number,
): Promise<AlertMessage[]> {
  const { rows } = await client.query<AlertRow>(
    `${SELECT_ALERTS} alert a ${WITH_READER}
      WHERE a.acknowledged_at IS NOT NULL AND a.acknowledgement_published_at IS NULL
      ORDER BY a.acknowledged_at, a.id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => alertMessage(row, 'acknowledged'));
}

/** Marks an acknowledgement published (after the broker's PUBACK). */
export async function markAcknowledgementPublished(
  client: pg.ClientBase | pg.Pool,
  id: number,
): Promise<void> {
  await client.query(
    `UPDATE alert SET acknowledgement_published_at = clock_timestamp()
      WHERE id = $1 AND acknowledgement_published_at IS NULL`,
    [id],
  );
}
