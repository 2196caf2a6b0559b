import { SENSOR_ID_PATTERN } from '@healthcare/contracts';
import type { Cursor } from '@healthcare/database';
import { InvalidRequestError } from '../errors/api-errors.js';

export const MAX_CURSOR_LENGTH = 200;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string, field = 'cursor'): Cursor {
  const refuse = () =>
    new InvalidRequestError(`${field} is not a cursor this API gave`, [
      { field, messages: ['not a cursor this API gave'] },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const { t, s, k } = (value ?? {}) as Partial<Cursor>;
  if (
    typeof t !== 'string' ||
    !INSTANT.test(t) ||
    Number.isNaN(Date.parse(t)) ||
    typeof s !== 'string' ||
    !SENSOR_ID_PATTERN.test(s) ||
    typeof k !== 'number' ||
    !Number.isInteger(k) ||
    k < 0 ||
    k > 9
  ) {
    throw refuse();
  }
  return { t, s, k };
}
