import { InvalidRequestError } from '../errors/api-errors.js';
import type { TimeRange } from '@healthcare/database';
import { withBound } from '../readings/time-range.js';

/** A FHIR date search value: an optional prefix, then a date or date-time of any precision. */
export const DATE_PARAM =
  /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * Narrows a range by one `date=` value, as FHIR defines it: a value of day precision is the
 * whole day, `ge2026-12-01` starts with it, `le2026-12-01` ends with it. Date-times without an
 * offset are UTC. `ne`, `sa`, `eb` and `ap` are refused.
 */
export function applyDateParam(range: TimeRange, value: string): TimeRange {
  const m = DATE_PARAM.exec(value);
  const prefix = m?.[1] ?? 'eq';
  if (!m || !['eq', 'gt', 'lt', 'ge', 'le'].includes(prefix)) {
    throw new InvalidRequestError(`date ${value} is not supported`, [
      { field: 'date', messages: ['use eq, ge, gt, le or lt with a date or date-time'] },
    ]);
  }
  const [, , y, mo, d, h, mi, s, fraction, zone] = m;
  const offset = zone && zone !== 'Z' ? zone : 'Z';
  const start = `${y}-${mo ?? '01'}-${d ?? '01'}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${fraction ?? ''}${offset}`;
  if (!isCalendarDate(Number(y), Number(mo ?? 1), Number(d ?? 1), h, mi, s)) {
    throw new InvalidRequestError(`date ${value} is not a date`, [
      { field: 'date', messages: ['not a valid date'] },
    ]);
  }
  // an instant with a fraction stands for itself; coarser values for their whole period
  const end = fraction ? start : periodEnd(start, mo, d, h, s);
  const exact = fraction !== undefined;
  switch (prefix) {
    case 'ge':
      return withBound(range, 'lower', { at: start, inclusive: true });
    case 'gt':
      return withBound(range, 'lower', { at: end, inclusive: !exact });
    case 'le':
      return withBound(range, 'upper', { at: end, inclusive: exact });
    case 'lt':
      return withBound(range, 'upper', { at: start, inclusive: false });
    default: {
      const lower = withBound(range, 'lower', { at: start, inclusive: true });
      return withBound(lower, 'upper', { at: end, inclusive: exact });
    }
  }
}

/** The first instant after the period `start` stands for (a year, month, day, minute or second). */
function periodEnd(start: string, mo?: string, d?: string, h?: string, s?: string): string {
  const date = new Date(start);
  // the offset is kept by working on the UTC instant and adding whole units
  if (!mo) date.setUTCFullYear(date.getUTCFullYear() + 1);
  else if (!d) date.setUTCMonth(date.getUTCMonth() + 1);
  else if (!h) date.setUTCDate(date.getUTCDate() + 1);
  else if (!s) date.setUTCMinutes(date.getUTCMinutes() + 1);
  else date.setUTCSeconds(date.getUTCSeconds() + 1);
  return date.toISOString();
}

/** Whether the parts name a real instant (JavaScript's parser rolls 30 February over). */
function isCalendarDate(y: number, mo: number, d: number, h?: string, mi?: string, s?: string) {
  const day = new Date(Date.UTC(y, mo - 1, d));
  return (
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === mo - 1 &&
    day.getUTCDate() === d &&
    Number(h ?? 0) <= 23 &&
    Number(mi ?? 0) <= 59 &&
    Number(s ?? 0) <= 59
  );
}
