import type { ReadingKind } from '@healthcare/contracts';
import type { ReceivedMessage } from '@healthcare/testing';

let tick = 0;

/** A valid reading of the kind for the sensor, dated a moment ago and never twice the same. */
export function reading(
  kind: ReadingKind,
  sensorId: string,
): { sensor_id: string; date: string } & Record<string, unknown> {
  const date = new Date(Date.now() - 60_000 + tick++).toISOString();
  switch (kind) {
    case 'temperature':
      return { sensor_id: sensorId, value: 36.6, unit: 'C', date };
    case 'heartRate':
      return { sensor_id: sensorId, value: 72, unit: 'bpm', date };
    case 'pressure':
      return { sensor_id: sensorId, systolic: 120, diastolic: 80, unit: 'mmHg', date };
  }
}

export function sensorOf(message: ReceivedMessage): unknown {
  return (JSON.parse(message.payload) as { sensor_id?: unknown }).sensor_id;
}
