/**
 * Readings as devices send them. Dates are made here from a known instant so that the UTC ISO
 * form the gateway must publish is known without asking the code under test.
 */
let counter = 0;

/** A sensor_id unique within the run, so each test finds its own messages. */
export function sensorId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export interface DeviceDate {
  /** What the device sends. */
  sent: string;
  /** What the gateway must publish: the same instant in UTC ISO form. */
  utc: string;
}

/**
 * A date `agoMs` before now with microseconds, written as Python's isoformat() writes it:
 * no offset (taken as UTC) by default, or the local time at `offset` (e.g. '+02:00', '-0530', 'Z').
 */
export function deviceDate(offset = '', agoMs = 1000): DeviceDate {
  const instant = Date.now() - agoMs;
  const utc = `${new Date(instant).toISOString().slice(0, -1)}456Z`;
  const minutes = offsetMinutes(offset);
  const local = new Date(instant + minutes * 60_000).toISOString().slice(0, -1);
  return { sent: `${local}456${offset}`, utc };
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** A date later than the 5 minutes of clock skew the gateway allows. */
export const inTheFuture = (minutes = 10) => new Date(Date.now() + minutes * 60_000).toISOString();

export function temperature(overrides: Record<string, unknown> = {}) {
  return {
    sensor_id: sensorId('temp'),
    value: 36.57,
    unit: 'C',
    date: deviceDate().sent,
    ...overrides,
  };
}

export function heartRate(overrides: Record<string, unknown> = {}) {
  return {
    sensor_id: sensorId('heart'),
    value: 72,
    unit: 'bpm',
    date: deviceDate().sent,
    ...overrides,
  };
}

export function pressure(overrides: Record<string, unknown> = {}) {
  return {
    sensor_id: sensorId('press'),
    systolic: 120.3,
    diastolic: 80.5,
    unit: 'mmHg',
    date: deviceDate().sent,
    ...overrides,
  };
}

/** The messages every reading rule gives, as the gateway reports them. */
export const RULES = {
  sensorId: 'sensor_id must be 1-50 characters of letters, digits, _ or -',
  notIso: 'date must be an ISO 8601 date-time, e.g. 2024-05-01T10:00:00Z',
  tooEarly: 'date must not be before 2000-01-01',
  tooLate: 'date must not be more than 5 minutes in the future',
  required: (field: string) => `${field} is required`,
  unknown: (field: string, kind: string) => `${field} is not a field of a ${kind} reading`,
  notObject: (kind: string) => `a ${kind} reading must be a JSON object`,
};
