import type { Reading, ReadingKind } from '@healthcare/contracts';
import { DeviceClock } from './device-clock.js';

/** The seed simulators' ranges (narrower than what the gateway accepts). */
export const SIMULATED = {
  temperature: { min: 35, max: 38, decimals: 2 },
  pressure: { systolic: { min: 100, max: 140 }, diastolic: { min: 60, max: 90 }, decimals: 1 },
  heartRate: { min: 60, max: 100 },
} as const;

export type Random = () => number;

export interface GeneratorOptions {
  random?: Random;
  clock?: DeviceClock;
}

/** A uniform number in [min, max] rounded to `decimals` places. */
export function uniform(min: number, max: number, decimals: number, random: Random): number {
  const scale = 10 ** decimals;
  return Math.round((min + random() * (max - min)) * scale) / scale;
}

/** A uniform integer in [min, max], both included. */
export function uniformInt(min: number, max: number, random: Random): number {
  return Math.min(max, min + Math.floor(random() * (max - min + 1)));
}

type Builders = {
  [K in ReadingKind]: (sensorId: string, date: string, random: Random) => Reading<K>;
};

// fields in wire order, as the gateway publishes them
const BUILDERS: Builders = {
  temperature: (sensor_id, date, random) => {
    const { min, max, decimals } = SIMULATED.temperature;
    return { sensor_id, value: uniform(min, max, decimals, random), unit: 'C', date };
  },
  pressure: (sensor_id, date, random) => {
    const { systolic, diastolic, decimals } = SIMULATED.pressure;
    return {
      sensor_id,
      systolic: uniform(systolic.min, systolic.max, decimals, random),
      diastolic: uniform(diastolic.min, diastolic.max, decimals, random),
      unit: 'mmHg',
      date,
    };
  },
  heartRate: (sensor_id, date, random) => {
    const { min, max } = SIMULATED.heartRate;
    return { sensor_id, value: uniformInt(min, max, random), unit: 'bpm', date };
  },
};

/**
 * A generator of simulated readings of one kind, dated now; successive readings of one
 * device never share a date.
 */
export function createGenerator<K extends ReadingKind>(
  kind: K,
  { random = Math.random, clock = new DeviceClock() }: GeneratorOptions = {},
): (sensorId: string) => Reading<K> {
  const build = BUILDERS[kind] as (sensorId: string, date: string, random: Random) => Reading<K>;
  return (sensorId) => build(sensorId, clock.next(sensorId), random);
}
