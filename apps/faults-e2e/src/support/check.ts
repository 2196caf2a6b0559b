import { READING_KINDS, type Reading } from '@healthcare/contracts';
import {
  query,
  storedReadings,
  waitFor,
  type DeviceStream,
  type SentReading,
} from '@healthcare/testing';

/** What the tables hold of a stream's readings, by the phase each reading was sent in. */
export interface StoredReport {
  /** Readings told "received" that are rows, with the values sent. */
  stored: Set<SentReading>;
  /** Readings told "received" that are not rows, as a stated limit allows: by the fault to blame. */
  lostInWindow: { reading: SentReading; fault: string }[];
  /** Readings told "received" that are not rows, and no limit allows it. */
  missing: SentReading[];
  /** Everything that breaks the guarantee, described. */
  problems: string[];
}

/**
 * Waits (up to `timeoutMs`) until every reading the devices were told "received" is a row, then
 * checks the exactly-once guarantee: each such reading is one row with the values sent; no row
 * was never sent; rejected_message is empty (a resent duplicate is not a rejection); no valid
 * reading was refused. `mayBeLost` names the fault whose stated limit allows a reading to be
 * missing, if any.
 */
export async function checkStored(
  databaseUrl: string,
  stream: DeviceStream,
  mayBeLost: (reading: SentReading) => string | undefined,
  timeoutMs: number,
): Promise<StoredReport> {
  const received = stream.received();
  const mustBeStored = received.filter((r) => !mayBeLost(r));
  let rows = await readAll(databaseUrl);
  await waitFor(
    async () => {
      rows = await readAll(databaseUrl);
      return mustBeStored.every((r) => rows.has(`${r.kind}:${r.key}`));
    },
    { timeoutMs, intervalMs: 500, what: 'every reading told "received" as a row' },
  ).catch(() => undefined); // what is missing is reported below

  const problems: string[] = [];
  const stored = new Set<SentReading>();
  const lostInWindow: StoredReport['lostInWindow'] = [];
  const missing: SentReading[] = [];
  for (const reading of received) {
    const row = rows.get(`${reading.kind}:${reading.key}`);
    const fault = row ? undefined : mayBeLost(reading);
    if (fault) lostInWindow.push({ reading, fault });
    else if (!row) missing.push(reading);
    else if (!sameValues(reading.reading, row)) {
      problems.push(`${reading.key} stored as ${JSON.stringify(row)}, sent ${describe(reading)}`);
    } else stored.add(reading);
  }
  if (missing.length > 0) {
    problems.push(
      `${missing.length} readings told "received" are not stored, e.g. ${describe(missing[0])}`,
    );
  }
  const sent = new Set(stream.readings.map((r) => `${r.kind}:${r.key}`));
  const strangers = [...rows.keys()].filter((key) => !sent.has(key));
  if (strangers.length > 0) {
    problems.push(`${strangers.length} rows no device sent, e.g. ${strangers[0]}`);
  }
  const refused = stream.readings.filter((r) => r.outcome?.status === 'rejected');
  if (refused.length > 0) {
    problems.push(
      `${refused.length} valid readings refused, e.g. ${JSON.stringify(refused[0].outcome)}`,
    );
  }
  const rejected = await query<{ topic: string; reason: string }>(
    databaseUrl,
    'SELECT topic, reason FROM rejected_message ORDER BY id',
  );
  if (rejected.length > 0) {
    problems.push(
      `${rejected.length} rows in rejected_message, e.g. ${rejected[0].topic}: ${rejected[0].reason}`,
    );
  }
  return { stored, lostInWindow, missing, problems };
}

/** Every row of the three tables by `<kind>:<readingKey>`. */
async function readAll(databaseUrl: string): Promise<Map<string, Record<string, number>>> {
  const all = new Map<string, Record<string, number>>();
  for (const kind of READING_KINDS) {
    for (const [key, values] of await storedReadings(databaseUrl, kind)) {
      all.set(`${kind}:${key}`, values);
    }
  }
  return all;
}

function sameValues(reading: Reading, row: Record<string, number>): boolean {
  const sent = reading as unknown as Record<string, unknown>;
  return Object.entries(row).every(([column, value]) => sent[column] === value);
}

function describe(reading: SentReading): string {
  const answered = reading.receivedAt
    ? `, answered ${new Date(reading.receivedAt).toISOString()}`
    : '';
  return `${reading.kind} ${JSON.stringify(reading.reading)}${answered}`;
}
