export * from './common/field-error.js';
export * from './common/limits.js';
export * from './common/frames.js';
export {
  parseIsoDate,
  dateProblem,
  EARLIEST_READING,
  MAX_CLOCK_SKEW_MS,
  ANY_TIME,
} from './common/reading-date.js';
export { SENSOR_ID_PATTERN } from './common/decorators.js';
export { PATIENT_ID_PATTERN, PATIENT_ID_RULE } from './common/patient-id.js';
export * from './temperature/temperature.reading.js';
export * from './pressure/pressure.reading.js';
export * from './heart-rate/heart-rate.reading.js';
export * from './readings.js';
export * from './validate.js';
export { compileQuickCheck, type QuickCheck } from './common/quick-check.js';
export * from './common/reading-id.js';
export * from './alerts/alert.message.js';
export * from './live/live.message.js';
