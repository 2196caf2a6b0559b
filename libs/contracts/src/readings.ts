import { HEART_RATE, HeartRateReading } from './heart-rate/heart-rate.reading.js';
import { PRESSURE, PressureReading } from './pressure/pressure.reading.js';
import { TEMPERATURE, TemperatureReading } from './temperature/temperature.reading.js';

/** Every kind of reading the platform accepts, keyed by its MQTT topic. */
export const READINGS = {
  temperature: {
    ...TEMPERATURE,
    type: TemperatureReading,
    fields: ['sensor_id', 'value', 'unit', 'date'],
  },
  pressure: {
    ...PRESSURE,
    type: PressureReading,
    fields: ['sensor_id', 'systolic', 'diastolic', 'unit', 'date'],
  },
  heartRate: {
    ...HEART_RATE,
    type: HeartRateReading,
    fields: ['sensor_id', 'value', 'unit', 'date'],
  },
} as const;

export type ReadingKind = keyof typeof READINGS;
export const READING_KINDS = Object.keys(READINGS) as ReadingKind[];

export interface ReadingTypes {
  temperature: TemperatureReading;
  pressure: PressureReading;
  heartRate: HeartRateReading;
}
export type Reading<K extends ReadingKind = ReadingKind> = ReadingTypes[K];

export function isReadingKind(value: string): value is ReadingKind {
  return Object.hasOwn(READINGS, value);
}

/**
 * The topic a kind of reading is published on under an optional prefix, as gateway and
 * subscriber agree: `ward-3/` or `ward-3` gives `ward-3/temperature`.
 */
export function readingTopic(kind: ReadingKind, prefix = ''): string {
  return topicUnder(READINGS[kind].topic, prefix);
}

/**
 * The topic of one device that publishes straight to the broker: its kind's topic, then its
 * `sensor_id` (`temperature/Temp_042`). The broker lets the device publish there only, and the
 * subscriber stores a reading from it only when the reading's `sensor_id` is that last level.
 * `+` for the sensor gives the filter of every device of the kind.
 */
export function deviceTopic(kind: ReadingKind, sensorId: string, prefix = ''): string {
  return `${readingTopic(kind, prefix)}/${sensorId}`;
}

/** `name` under an optional prefix: `ward-3/` or `ward-3` gives `ward-3/<name>`. */
export function topicUnder(name: string, prefix = ''): string {
  const separator = prefix && !prefix.endsWith('/') ? '/' : '';
  return `${prefix}${separator}${name}`;
}
