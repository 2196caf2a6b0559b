import type { StoredReading } from './readings.repository.js';
import { readingId } from './kinds.js';

/** A reading in the plain JSON API: the wire contract's fields, with its id and patient. */
export function readingJson(reading: StoredReading) {
  return {
    id: readingId(reading.kind, reading.rowId),
    kind: reading.kind,
    sensor_id: reading.sensorId,
    patient: reading.patient,
    timestamp: reading.timestamp,
    ...reading.values,
    unit: reading.unit,
  };
}
