// ISO 8601 date-time: a date, a time with optional seconds and fraction, an optional offset.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export const EARLIEST_READING = Date.UTC(2000, 0, 1);
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface ParsedDate {
  /** Milliseconds since the epoch, UTC. */
  epochMs: number;
  /** The instant in UTC ISO form; keeps microseconds when the input had them. */
  iso: string;
}

/** Parses an ISO 8601 date-time. A time without an offset is taken as UTC (the seed sends local naive times). */
export function parseIsoDate(text: string): ParsedDate | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset = 'Z'] = m;
  const fields = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [year, month, day, hour, minute, second] = fields;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offsetMinutes = parseOffset(offset);
  if (offsetMinutes === undefined) return undefined;
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  const epochMs = base + Number(micros.slice(0, 3)) - offsetMinutes * 60_000;
  const iso = new Date(epochMs).toISOString();
  return { epochMs, iso: fraction.length > 3 ? `${iso.slice(0, -1)}${micros.slice(3)}Z` : iso };
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
