// ISO 8601 date-time: a date, a time with optional seconds and fraction, an optional offset.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export const EARLIEST_READING = Date.UTC(2000, 0, 1);
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * As the `now` of a validation, turns the "not more than 5 minutes in the future" rule off: for a
 * reading already checked against the clock where it entered the platform.
 */
export const ANY_TIME = Number.POSITIVE_INFINITY;

export interface ParsedDate {
  /** Milliseconds since the epoch, UTC. */
  epochMs: number;
  /** The instant in UTC ISO form; keeps microseconds when the input had them. */
  iso: string;
}

let last: { text: string; parsed: ParsedDate | undefined } = { text: '', parsed: undefined };

/**
 * Parses an ISO 8601 date-time. A time without an offset is taken as UTC (the seed sends local
 * naive times). Remembers the last text: validating a reading and normalising it ask twice.
 */
export function parseIsoDate(text: string): ParsedDate | undefined {
  if (text !== last.text) last = { text, parsed: parse(text) };
  return last.parsed;
}

function parse(text: string): ParsedDate | undefined {
  if (isNormalForm(text)) {
    const epochMs = normalFormInstant(text);
    if (epochMs !== null) return epochMs === undefined ? undefined : { epochMs, iso: text };
  }
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset = 'Z'] = m;
  const offsetMinutes = parseOffset(offset);
  if (offsetMinutes === undefined) return undefined;
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  const fields = [y, mo, d, h, mi, s, micros.slice(0, 3)].map(Number) as Fields;
  const epochMs = instant(fields, offsetMinutes);
  if (epochMs === undefined) return undefined;
  const iso = new Date(epochMs).toISOString();
  return { epochMs, iso: fraction.length > 3 ? `${iso.slice(0, -1)}${micros.slice(3)}Z` : iso };
}

/** Year, month, day, hour, minute, second, millisecond, as written. */
type Fields = [number, number, number, number, number, number, number];

/** The instant of the fields at the offset, or undefined when they name no date-time. */
function instant(
  [year, month, day, hour, minute, second, millis]: Fields,
  offsetMinutes: number,
): number | undefined {
  if (
    year < 100 || // Date.UTC would read 0099 as 1999
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + millis - offsetMinutes * 60_000;
}

/**
 * The instant of a text of the normal form's shape, read by position: ISO_DATE_TIME's match of
 * it gives the same fields, without its captures (the gateway's readings all take this way).
 * Null when a field or separator is not what the form has: then the pattern judges the text.
 */
function normalFormInstant(text: string): number | undefined | null {
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return null;
  const fields: Fields = [
    digits(text, 0, 4),
    digits(text, 5, 7),
    digits(text, 8, 10),
    digits(text, 11, 13),
    digits(text, 14, 16),
    digits(text, 17, 19),
    digits(text, 20, 23),
  ];
  // microseconds, when given, are kept in the text only
  if (fields.some(Number.isNaN) || Number.isNaN(digits(text, 23, text.length - 1))) return null;
  return instant(fields, 0);
}

/** The number written in decimal digits from `start` to `end`, NaN when another character is there. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A text in the form `parse` gives (UTC, upper-case T and Z, seconds, a point and 3 or 6 digits)
 * is its own normal form: the gateway's readings as the subscriber gets them, and
 * most devices' own, skip formatting the instant again.
 */
function isNormalForm(text: string): boolean {
  return (
    (text.length === 24 || text.length === 27) &&
    text[10] === 'T' &&
    text[19] === '.' &&
    text.endsWith('Z')
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseOffset(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Why a reading's date is unacceptable, or undefined when it is fine. */
export function dateProblem(text: unknown, now = Date.now()): string | undefined {
  if (text == null) return 'date is required';
  if (typeof text !== 'string') return 'date must be an ISO 8601 date-time string';
  const parsed = parseIsoDate(text);
  if (!parsed) return 'date must be an ISO 8601 date-time, e.g. 2024-05-01T10:00:00Z';
  if (parsed.epochMs < EARLIEST_READING) return 'date must not be before 2000-01-01';
  if (parsed.epochMs > now + MAX_CLOCK_SKEW_MS) {
    return 'date must not be more than 5 minutes in the future';
  }
  return undefined;
}
