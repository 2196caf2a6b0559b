import { InvalidRequestError } from '../errors/api-errors.js';
import { applyDateParam } from './date-param.js';

describe('FHIR date search values', () => {
  it.each([
    ['ge2026-12-01', { lower: { at: '2026-12-01T00:00:00Z', inclusive: true } }],
    ['gt2026-12-01', { lower: { at: '2026-12-02T00:00:00.000Z', inclusive: true } }],
    ['le2026-12', { upper: { at: '2027-01-01T00:00:00.000Z', inclusive: false } }],
    ['lt2026', { upper: { at: '2026-01-01T00:00:00Z', inclusive: false } }],
    [
      '2026-12-01T10:00',
      {
        lower: { at: '2026-12-01T10:00:00Z', inclusive: true },
        upper: { at: '2026-12-01T10:01:00.000Z', inclusive: false },
      },
    ],
    [
      'ge2026-12-01T10:00:00+02:00',
      { lower: { at: '2026-12-01T10:00:00+02:00', inclusive: true } },
    ],
    [
      'le2026-12-01T10:00:00.123456Z',
      { upper: { at: '2026-12-01T10:00:00.123456Z', inclusive: true } },
    ],
    ['gt2026-12-01T10:00:00.5Z', { lower: { at: '2026-12-01T10:00:00.5Z', inclusive: false } }],
  ])('%s narrows the range as FHIR says', (value, range) => {
    expect(applyDateParam({}, value)).toEqual(range);
  });

  it('keeps the tighter of two bounds on one side', () => {
    const once = applyDateParam({}, 'ge2026-12-01');
    expect(applyDateParam(once, 'ge2026-11-01')).toEqual(once);
    expect(applyDateParam(once, 'ge2026-12-05').lower?.at).toBe('2026-12-05T00:00:00Z');
  });

  it.each(['ne2026-12-01', 'sa2026-12-01', '2026-13-01', '2026-02-30T00:00:00Z', 'yesterday'])(
    'refuses %s',
    (value) => {
      expect(() => applyDateParam({}, value)).toThrow(InvalidRequestError);
    },
  );
});
