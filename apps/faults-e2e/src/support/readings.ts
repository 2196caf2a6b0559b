import { READING_KINDS, readingTopic, type Reading } from '@healthcare/contracts';
import { createGenerator } from '@healthcare/sensors';
import { readingKey, type Message } from '@healthcare/testing';
import { randomBytes } from 'node:crypto';

/** Sensor ids of this run's own, so that the rows of one test are told apart from another's. */
export function runId(): string {
  return randomBytes(3).toString('hex');
}

/** `count` readings of the three kinds in turn, from `devices` devices per kind, dated now on. */
export function readingMessages(count: number, devices = 10): Message[] {
  const run = runId();
  const generators = READING_KINDS.map((kind) => ({ kind, next: createGenerator(kind) }));
  return Array.from({ length: count }, (_, i) => {
    const { kind, next } = generators[i % generators.length];
    const device = Math.floor(i / generators.length) % devices;
    const reading: Reading = next(`${kind}_${run}_${device}`);
    return { topic: readingTopic(kind), payload: JSON.stringify(reading) };
  });
}

/** `<kind>:<readingKey>` of a published reading. */
export function messageKey({ topic, payload }: Message): string {
  const kind = READING_KINDS.find((k) => readingTopic(k) === topic);
  if (!kind) throw new Error(`no reading kind publishes on ${topic}`);
  return `${kind}:${readingKey(JSON.parse(payload) as Reading)}`;
}
