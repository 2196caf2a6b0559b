import { READING_KINDS, READINGS, type Reading, type ReadingKind } from '@healthcare/contracts';
import { query, readingKey, sleep, storedKeys, waitFor, type Message } from '@healthcare/testing';
import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';

let sequence = 0;

/**
 * `count` valid readings of a kind, each with its own (sensor_id, date), values spread over the
 * contract's range with the most decimals it allows.
 */
export function readings<K extends ReadingKind>(kind: K, count: number): Reading<K>[] {
  const run = `${randomBytes(2).toString('hex')}${sequence++}`;
  const start = Date.now() - 24 * 3600_000;
  return Array.from({ length: count }, (_, i) => {
    const sensor_id = `${kind.slice(0, 4)}-${run}-${i % 7}`;
    const date = new Date(start + i * 1000).toISOString();
    switch (kind) {
      case 'temperature':
        return { sensor_id, value: (3500 + (i % 500)) / 100, unit: 'C', date } as Reading<K>;
      case 'pressure':
        return {
          sensor_id,
          systolic: (1000 + (i % 400)) / 10,
          diastolic: (600 + (i % 200)) / 10,
          unit: 'mmHg',
          date,
        } as Reading<K>;
      default:
        return { sensor_id, value: 40 + (i % 100), unit: 'bpm', date } as Reading<K>;
    }
  });
}

export function messages<K extends ReadingKind>(kind: K, list: Reading<K>[]): Message[] {
  return list.map((reading) => ({ topic: READINGS[kind].topic, payload: JSON.stringify(reading) }));
}

/** Readings of all three kinds, interleaved as devices would send them. */
export function mixedStream(perKind: number): Message[] {
  const lists = [
    messages('temperature', readings('temperature', perKind)),
    messages('pressure', readings('pressure', perKind)),
    messages('heartRate', readings('heartRate', perKind)),
  ];
  return Array.from({ length: perKind }, (_, i) => lists.map((list) => list[i])).flat();
}

/** The keys (readingKey) of the readings in a list of messages, by kind: what must be stored. */
export function expectedReadings(list: readonly Message[]): Record<ReadingKind, string[]> {
  const keysOn = (topic: string) =>
    list
      .filter((m) => m.topic === topic)
      .map((m) => readingKey(JSON.parse(m.payload) as { sensor_id: string; date: string }));
  return {
    temperature: keysOn(READINGS.temperature.topic),
    pressure: keysOn(READINGS.pressure.topic),
    heartRate: keysOn(READINGS.heartRate.topic),
  };
}

/**
 * Publishes at QoS 0 (nothing waits for the broker), as fast as the connection takes them or
 * `perSecond`.
 */
export async function publishAtMostOnce(
  url: string,
  list: readonly Message[],
  perSecond?: number,
): Promise<void> {
  const client = await mqtt.connectAsync(url);
  const startedAt = Date.now();
  try {
    for (const [index, { topic, payload }] of list.entries()) {
      if (perSecond) await sleep(Math.max(0, startedAt + (index * 1000) / perSecond - Date.now()));
      await client.publishAsync(topic, payload, { qos: 0 });
    }
  } finally {
    await client.endAsync();
  }
}

/**
 * Waits until every reading of `must` is stored, then checks that each row is a reading of
 * `must` or of `may` (QoS 0 readings, which the broker may drop) and that nothing was rejected.
 */
export async function expectStoredAmong(
  databaseUrl: string,
  must: readonly Message[],
  may: readonly Message[],
  timeoutMs = 60_000,
): Promise<void> {
  const required = expectedReadings(must);
  const allowed = expectedReadings([...must, ...may]);
  const stored = async () => {
    const rows = await Promise.all(READING_KINDS.map((kind) => storedKeys(databaseUrl, kind)));
    return new Map(READING_KINDS.map((kind, i) => [kind, new Set(rows[i])]));
  };
  await waitFor(
    async () => {
      const keys = await stored();
      return READING_KINDS.every((kind) => required[kind].every((k) => keys.get(kind)!.has(k)));
    },
    { timeoutMs, intervalMs: 500, what: `the ${must.length} QoS 1 readings stored` },
  );
  const keys = await stored();
  for (const kind of READING_KINDS) {
    const known = new Set(allowed[kind]);
    expect([...keys.get(kind)!].filter((key) => !known.has(key))).toEqual([]);
  }
  expect(await query(databaseUrl, 'SELECT reason FROM rejected_message')).toEqual([]);
}

/**
 * A temperature reading padded with unknown fields (`"k0":0`, `"k1":0`, ...) to about `bytes`
 * bytes: every field one more error to list.
 */
export function manyUnknownFields(bytes: number): string {
  const head = JSON.stringify(readings('temperature', 1)[0]).slice(0, -1);
  const fields: string[] = [];
  for (let i = 0, size = head.length + 1; size < bytes; i++) {
    const field = `,"k${i}":0`;
    fields.push(field);
    size += field.length;
  }
  return `${head}${fields.join('')}}`;
}
