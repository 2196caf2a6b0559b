import { READINGS, type Reading, type ReadingKind } from '@healthcare/contracts';
import { readingKey, type Message } from '@healthcare/testing';
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
