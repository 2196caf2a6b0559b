import type pg from 'pg';

/**
 * Runs `work` in one transaction on `client`: committed when it resolves, rolled back when it
 * throws. READ WRITE, so it also writes on a session that is read-only by default (the API's).
 */
export async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN READ WRITE');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
