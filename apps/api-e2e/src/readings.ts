import type { HeartRateReading, PressureReading, TemperatureReading } from '@healthcare/contracts';

const MINUTE = 60_000;

/**
 * What the suite sends, dated in the past so that every instant is known: a thermometer every
 * minute, a heart-rate monitor every 90 s, a blood-pressure monitor every 2 minutes, from `start`.
 */
export function ward(start: number) {
  const at = (ms: number) => new Date(start + ms).toISOString();
  const temperature: TemperatureReading[] = Array.from({ length: 60 }, (_, i) => ({
    sensor_id: 'Temp_e2e',
    value: Math.round((36 + (i % 17) * 0.13) * 100) / 100,
    unit: 'C',
    date: at(i * MINUTE),
  }));
  const heartRate: HeartRateReading[] = Array.from({ length: 40 }, (_, i) => ({
    sensor_id: 'Heart_e2e',
    value: 60 + ((i * 7) % 50),
    unit: 'bpm',
    date: at(i * 1.5 * MINUTE),
  }));
  const pressure: PressureReading[] = Array.from({ length: 30 }, (_, i) => ({
    sensor_id: 'Press_e2e',
    systolic: 110.5 + (i % 9),
    diastolic: 70.1 + (i % 5),
    unit: 'mmHg',
    date: at(i * 2 * MINUTE),
  }));
  return { temperature, heartRate, pressure };
}
