import type { Subject, TimeRange } from '@healthcare/database';
import { InvalidRequestError } from '../errors/api-errors.js';
import { patientInScope, type Reader } from '../auth/reader.js';
import type { SubjectQuery } from './readings.dto.js';

/**
 * The subject a reader may see for `device`/`patient`: a patient-scoped reader is held to its
 * patient (a device then means the device while that patient wore it).
 */
export function subjectFor(reader: Reader, device?: string, patient?: string): Subject {
  const scoped = patientInScope(reader, patient);
  if (device === undefined && scoped === undefined) {
    throw new InvalidRequestError('name a device or a patient', [
      { field: 'device', messages: ['device or patient is required'] },
    ]);
  }
  return { sensorId: device, patient: scoped };
}

/** `from` (included) and `to` (excluded) as a range. */
export function rangeOf(query: SubjectQuery): TimeRange {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new InvalidRequestError('from must be before to', [
      { field: 'to', messages: ['must be after from'] },
    ]);
  }
  return {
    lower: query.from ? { at: query.from, inclusive: true } : undefined,
    upper: query.to ? { at: query.to, inclusive: false } : undefined,
  };
}
