import { inTransaction } from './transaction.js';
import { newToken, tokenDigest } from '@healthcare/credentials';
import type pg from 'pg';
import { sqlState } from './pg-errors.js';

/** Someone who reads through the API: every patient's readings, or one patient's. */
export interface ReaderRecord {
  name: string;
  patient: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  /** Credentials valid now. */
  activeTokens: number;
}

export class ReaderError extends Error {
  override name = 'ReaderError';
}

const DAY_MS = 86_400_000;

/** Notified on every change to readers and their credentials (a trigger of each table). */
export const READER_CHANNEL = 'reader_registry';

/**
 * A new reader and its first token. The token is returned once and stored only as its digest;
 * with `validDays` it stops working that many days from now.
 */
export async function addReader(
  client: pg.ClientBase,
  name: string,
  patient: string | null,
  validDays?: number,
): Promise<string> {
  try {
    return await inTransaction(client, async () => {
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO reader (name, patient) VALUES ($1, $2) RETURNING id',
        [name, patient],
      );
      return insertCredential(client, rows[0].id, validDays);
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new ReaderError(`a reader named ${name} exists`);
    throw err;
  }
}

/**
 * A new token for an enabled reader; with `replace`, its other tokens stop working now (what
 * `pnpm start` does for its own reader each run, since a token is shown only once).
 */
export async function issueReaderToken(
  client: pg.ClientBase,
  name: string,
  { replace = false, validDays }: { replace?: boolean; validDays?: number } = {},
): Promise<string> {
  return inTransaction(client, async () => {
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM reader WHERE name = $1 AND disabled_at IS NULL FOR UPDATE',
      [name],
    );
    if (!rows[0]) throw new ReaderError(`no enabled reader named ${name}`);
    if (replace) {
      await client.query(
        `UPDATE reader_credential SET not_after = greatest(not_before + interval '1 microsecond', clock_timestamp())
          WHERE reader_id = $1 AND (not_after IS NULL OR not_after > clock_timestamp())`,
        [rows[0].id],
      );
    }
    return insertCredential(client, rows[0].id, validDays);
  });
}

/** Creates the reader when it does not exist yet (same name, same scope), else leaves it. */
export async function ensureReader(
  client: pg.ClientBase,
  name: string,
  patient: string | null,
): Promise<void> {
  await client.query(
    `INSERT INTO reader (name, patient) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
    [name, patient],
  );
}

/** Disables a reader: none of its tokens work any more. */
export async function disableReader(client: pg.ClientBase, name: string): Promise<void> {
  const { rowCount } = await client.query(
    'UPDATE reader SET disabled_at = clock_timestamp() WHERE name = $1 AND disabled_at IS NULL',
    [name],
  );
  if (rowCount === 0) throw new ReaderError(`no enabled reader named ${name}`);
}

export async function listReaders(client: pg.ClientBase): Promise<ReaderRecord[]> {
  const { rows } = await client.query<ReaderRecord>(
    `SELECT r.name, r.patient, r.created_at AS "createdAt", r.disabled_at AS "disabledAt",
            (SELECT count(*)::int FROM reader_credential c
              WHERE c.reader_id = r.id AND c.not_before <= now()
                AND (c.not_after IS NULL OR c.not_after > now())) AS "activeTokens"
       FROM reader r ORDER BY r.name`,
  );
  return rows;
}

async function insertCredential(
  client: pg.ClientBase,
  readerId: number,
  validDays?: number,
): Promise<string> {
  const token = newToken();
  const notAfter = validDays === undefined ? null : new Date(Date.now() + validDays * DAY_MS);
  await client.query(
    'INSERT INTO reader_credential (reader_id, token_digest, not_after) VALUES ($1, $2, $3)',
    [readerId, tokenDigest(token), notAfter],
  );
  return token;
}
