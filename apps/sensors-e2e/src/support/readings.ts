import { READINGS, validateReading, type Reading, type ReadingKind } from '@healthcare/contracts';
import { readingKey, waitFor, type MqttCollector } from '@healthcare/testing';

export const TOPICS = Object.fromEntries(
  Object.entries(READINGS).map(([kind, spec]) => [kind, spec.topic]),
) as Record<ReadingKind, string>;

/** The readings published on a kind's topic, each checked against the contracts. */
export function publishedReadings<K extends ReadingKind>(
  collector: MqttCollector,
  kind: K,
): Reading<K>[] {
  return collector.on(TOPICS[kind]).map(({ payload }) => {
    const result = validateReading(kind, JSON.parse(payload));
    if (!result.ok) throw new Error(`invalid ${kind} on the broker: ${payload}`);
    return result.reading;
  });
}

/**
 * Waits until every reading in `sent` has been published at least once (duplicates are
 * allowed: storage keeps one row per key) and returns how many extra copies there were.
 */
export async function waitForEveryReading<K extends ReadingKind>(
  collector: MqttCollector,
  kind: K,
  sent: Reading<K>[],
  timeoutMs = 20_000,
): Promise<{ duplicates: number }> {
  let missing: Reading<K>[] = sent;
  await waitFor(
    () => {
      const seen = new Set(publishedReadings(collector, kind).map(readingKey));
      missing = sent.filter((r) => !seen.has(readingKey(r)));
      return missing.length === 0;
    },
    { timeoutMs, what: `all ${sent.length} ${kind} readings on the broker` },
  ).catch((err: Error) => {
    throw new Error(
      `${err.message}; ${missing.length} missing, e.g. ${JSON.stringify(missing[0])}`,
    );
  });
  const published = publishedReadings(collector, kind);
  return { duplicates: published.length - new Set(published.map(readingKey)).size };
}
