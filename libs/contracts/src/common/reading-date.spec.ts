import { validateReading } from '../validate.js';
import { dateProblem, EARLIEST_READING, MAX_CLOCK_SKEW_MS, parseIsoDate } from './reading-date.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const NOT_ISO = 'date must be an ISO 8601 date-time, e.g. 2024-05-01T10:00:00Z';
const TOO_EARLY = 'date must not be before 2000-01-01';
const TOO_LATE = 'date must not be more than 5 minutes in the future';

describe('parseIsoDate', () => {
  it.each([
    // no offset: taken as UTC (the seed sends datetime.now().isoformat())
    ['2024-05-01T10:00:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01t10:00:00z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+0200', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T12:00:00+02', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T04:30:00-0530', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T04:30:00-05:30', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00+00:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T00:30:00+01:00', '2024-04-30T23:30:00.000Z'],
    ['2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00.500Z'],
    ['2024-05-01T10:00:00,25Z', '2024-05-01T10:00:00.250Z'],
    ['2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00.123Z'],
    // microseconds (Python's isoformat) are kept
    ['2024-05-01T10:00:00.123456', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00.000001Z', '2024-05-01T10:00:00.000001Z'],
    ['2024-05-01T12:00:00.123456+02:00', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00.1234567Z', '2024-05-01T10:00:00.123456Z'],
    ['2024-02-29T10:00:00', '2024-02-29T10:00:00.000Z'],
    ['2000-02-29T00:00:00', '2000-02-29T00:00:00.000Z'],
    ['2024-12-31T23:59:59.999Z', '2024-12-31T23:59:59.999Z'],
    // near the normal form, not in it: each is written again
    ['2024-05-01t10:00:00.123Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00.123z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00,123Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00,123456Z', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00.1234Z', '2024-05-01T10:00:00.123400Z'],
    ['2024-05-01T10:00:00.12345678Z', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00.123+00', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00.123456+0000', '2024-05-01T10:00:00.123456Z'],
    ['2024-05-01T10:00:00.12345', '2024-05-01T10:00:00.123450Z'],
    ['0100-05-01T10:00:00.123Z', '0100-05-01T10:00:00.123Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
    ['2024-02-29T23:59:59.999999Z', '2024-02-29T23:59:59.999999Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseIsoDate(text)).toEqual({ epochMs: Date.parse(iso), iso });
  });

  it.each([
    '2024-02-30T10:00:00',
    '2023-02-29T10:00:00',
    '1900-02-29T10:00:00',
    '2024-04-31T10:00:00',
    '2024-13-01T10:00:00',
    '2024-00-10T10:00:00',
    '2024-05-00T10:00:00',
    '2024-05-01T24:00:00',
    '2024-05-01T10:60:00',
    '2024-05-01T10:00:60',
    '2024-05-01T10:00:00+24:00',
    '2024-05-01T10:00:00+02:60',
    '2024-05-01T10:00:00+2',
    '2024-05-01T10:00:00.Z',
    '2024-05-01',
    '10:00:00',
    '2024-05-01 10:00:00',
    '2024/05/01T10:00:00',
    '24-05-01T10:00:00',
    '2024-5-1T10:00:00',
    ' 2024-05-01T10:00:00',
    '2024-05-01T10:00:00\n',
    '1714557600',
    'Wed, 01 May 2024 10:00:00 GMT',
    // in the normal form's shape, read by position
    '2024-02-30T10:00:00.000Z',
    '2023-02-29T10:00:00.000000Z',
    '2024-05-01T24:00:00.000Z',
    '2024-05-01T10:60:00.000Z',
    '2024-05-01T10:00:60.000000Z',
    '2024-13-01T10:00:00.000Z',
    '2024-05-00T10:00:00.000Z',
    '0099-05-01T10:00:00.000Z',
    '2024-05-01T10:00:00.00aZ',
    '2024-05-01T10:00:00.12345aZ',
    '2024-05-01T1a:00:00.000Z',
    '2024-05-01T10-00:00.000Z',
    '2024-05-01T10:00:00.+12Z',
    '2024/05/01T10:00:00.000Z',
    '+024-05-01T10:00:00.000Z',
    'now',
    '',
  ])('rejects %p', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('dateProblem', () => {
  it('measures from 2000-01-01 UTC and allows 5 minutes of clock skew', () => {
    expect(EARLIEST_READING).toBe(Date.parse('2000-01-01T00:00:00Z'));
    expect(MAX_CLOCK_SKEW_MS).toBe(300_000);
  });

  it.each([
    [undefined, 'date is required'],
    [null, 'date is required'],
    [1714557600000, 'date must be an ISO 8601 date-time string'],
    [{}, 'date must be an ISO 8601 date-time string'],
    [['2024-05-01T10:00:00Z'], 'date must be an ISO 8601 date-time string'],
    ['2024-02-30T10:00:00', NOT_ISO],
    ['', NOT_ISO],
  ])('rejects %p', (value, message) => {
    expect(dateProblem(value, NOW)).toBe(message);
  });

  it.each([
    // the lower bound, on both sides, with and without an offset
    ['2000-01-01T00:00:00Z', undefined],
    ['2000-01-01T00:00:00', undefined],
    ['2000-01-01T00:00:00.001Z', undefined],
    ['1999-12-31T20:00:00-05:00', undefined],
    ['1999-12-31T23:59:59.999Z', TOO_EARLY],
    ['1999-12-31T23:59:59', TOO_EARLY],
    ['2000-01-01T00:30:00+01:00', TOO_EARLY],
    ['1970-01-01T00:00:00Z', TOO_EARLY],
    // the upper bound: NOW + 5 minutes, on both sides
    ['2024-05-01T12:00:00Z', undefined],
    ['2024-05-01T12:05:00Z', undefined],
    ['2024-05-01T12:05:00', undefined],
    ['2024-05-01T12:04:59.999Z', undefined],
    ['2024-05-01T14:05:00+02:00', undefined],
    ['2024-05-01T06:35:00-0530', undefined],
    ['2024-05-01T12:05:00.001Z', TOO_LATE],
    ['2024-05-01T12:05:01', TOO_LATE],
    ['2024-05-01T14:05:01+02:00', TOO_LATE],
    ['2024-05-01T06:35:01-0530', TOO_LATE],
    // a device's local time without an offset, two hours ahead of UTC, is in the future
    ['2024-05-01T14:00:00', TOO_LATE],
    ['2099-01-01T00:00:00Z', TOO_LATE],
  ])('%s -> %p', (text, problem) => {
    expect(dateProblem(text, NOW)).toBe(problem);
  });

  it('measures from the current time when no `now` is given', () => {
    expect(dateProblem(new Date(Date.now() + 4 * 60_000).toISOString())).toBeUndefined();
    expect(dateProblem(new Date(Date.now() + 6 * 60_000).toISOString())).toBe(TOO_LATE);
  });
});

describe('the date rule of a reading', () => {
  const reading = { sensor_id: 'Heart_001', value: 72, unit: 'bpm' };

  it('accepts the bounds and normalises to UTC ISO', () => {
    expect(
      validateReading('heartRate', { ...reading, date: '2024-05-01T14:05:00+02:00' }, NOW),
    ).toEqual({
      ok: true,
      reading: { ...reading, date: '2024-05-01T12:05:00.000Z' },
    });
    expect(validateReading('heartRate', { ...reading, date: '2000-01-01T00:00:00' }, NOW)).toEqual({
      ok: true,
      reading: { ...reading, date: '2000-01-01T00:00:00.000Z' },
    });
  });

  it.each([
    ['2024-05-01T12:05:00.001Z', TOO_LATE],
    ['1999-12-31T23:59:59.999Z', TOO_EARLY],
    ['2024-02-30T10:00:00', NOT_ISO],
    [1714557600000, 'date must be an ISO 8601 date-time string'],
    [null, 'date is required'],
  ])('rejects %p with a field error', (date, message) => {
    expect(validateReading('heartRate', { ...reading, date }, NOW)).toEqual({
      ok: false,
      errors: [{ field: 'date', messages: [message] }],
    });
  });

  it('checks against the `now` it is given', () => {
    const date = '2024-05-01T12:10:00Z';
    expect(validateReading('heartRate', { ...reading, date }, NOW).ok).toBe(false);
    expect(validateReading('heartRate', { ...reading, date }, NOW + 5 * 60_000).ok).toBe(true);
  });

  it('checks against the current time by default', () => {
    const soon = new Date(Date.now() + 4 * 60_000).toISOString();
    const later = new Date(Date.now() + 6 * 60_000).toISOString();
    expect(validateReading('heartRate', { ...reading, date: soon }).ok).toBe(true);
    expect(validateReading('heartRate', { ...reading, date: later })).toEqual({
      ok: false,
      errors: [{ field: 'date', messages: [TOO_LATE] }],
    });
  });
});
