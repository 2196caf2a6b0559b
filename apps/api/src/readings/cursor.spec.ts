import { InvalidRequestError } from '../errors/api-errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseReadingId, readingId } from './kinds.js';

describe('cursors', () => {
  it('come back as they were given', () => {
    const cursor = { t: '2026-12-01T10:00:00.123456Z', s: 'Temp_001', k: 2 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    'not base64 json',
    Buffer.from('{"t":"2026-12-01","s":"Temp_001","k":0}').toString('base64url'),
    Buffer.from('{"t":"2026-12-01T10:00:00.123456Z","s":"a b","k":0}').toString('base64url'),
    Buffer.from('{"t":"2026-12-01T10:00:00.123456Z","s":"T","k":-1}').toString('base64url'),
  ])('refuse %p', (text) => {
    expect(() => decodeCursor(text)).toThrow(InvalidRequestError);
  });
});

describe('reading ids', () => {
  it('name the kind and the row, both ways', () => {
    expect(readingId('heartRate', 7)).toBe('heart-rate-7');
    expect(parseReadingId('heart-rate-7')).toEqual({ kind: 'heartRate', rowId: 7 });
    expect(parseReadingId('pressure-2147483647')).toEqual({ kind: 'pressure', rowId: 2147483647 });
  });

  it.each(['heart-rate-0', 'heartRate-7', 'pressure-2147483648', 'temperature-', 'x-1'])(
    'are not %p',
    (id) => {
      expect(parseReadingId(id)).toBeUndefined();
    },
  );
});
