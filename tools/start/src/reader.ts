import { ensureReader, issueReaderToken } from '@healthcare/database';
import pg from 'pg';

/** The reader `pnpm start` prints a token for: of every patient, one name for every run. */
export const START_READER = 'pnpm-start';

/**
 * A fresh token for the start reader; the token of the run before stops working, since a token
 * is shown once and the last one printed is the one to use.
 */
export async function startReader(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await ensureReader(client, START_READER, null);
    return await issueReaderToken(client, START_READER, { replace: true });
  } finally {
    await client.end();
  }
}
