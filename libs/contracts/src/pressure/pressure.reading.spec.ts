import { validateReading } from '../validate.js';
import { PRESSURE } from './pressure.reading.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const good = {
  sensor_id: 'Press_001',
  systolic: 120.3,
  diastolic: 80.5,
  unit: 'mmHg',
  date: '2024-05-01T10:00:00Z',
};
const check = (patch: Record<string, unknown>) =>
  validateReading('pressure', { ...good, ...patch }, NOW);

describe('pressure reading', () => {
  it('publishes on `pressure` in mmHg, systolic 40-300, diastolic 20-200, 1 decimal', () => {
    expect(PRESSURE).toEqual({
      topic: 'pressure',
      unit: 'mmHg',
      systolic: { min: 40, max: 300 },
      diastolic: { min: 20, max: 200 },
      decimals: 1,
    });
  });

  it.each([
    [40, 20],
    [40.1, 20],
    [300, 200],
    [299.9, 199.9],
    [120, 80],
    [120.3, 80.5],
    [80.1, 80], // systolic only just above diastolic
    [200.1, 200],
  ])('accepts systolic %p over diastolic %p', (systolic, diastolic) => {
    expect(check({ systolic, diastolic })).toEqual({
      ok: true,
      reading: { ...good, systolic, diastolic, date: '2024-05-01T10:00:00.000Z' },
    });
  });

  it.each([
    ['systolic', 39.9, 'systolic must be between 40 and 300 mmHg'],
    ['systolic', 300.1, 'systolic must be between 40 and 300 mmHg'],
    ['systolic', 120.35, 'systolic must be a number with at most 1 decimal place'],
    ['systolic', '120', 'systolic must be a number with at most 1 decimal place'],
    ['systolic', null, 'systolic is required'],
    ['diastolic', 19.9, 'diastolic must be between 20 and 200 mmHg'],
    ['diastolic', 200.1, 'diastolic must be between 20 and 200 mmHg'],
    ['diastolic', 80.55, 'diastolic must be a number with at most 1 decimal place'],
    ['diastolic', '80', 'diastolic must be a number with at most 1 decimal place'],
    ['diastolic', undefined, 'diastolic is required'],
    // float fields over gRPC can carry these; the comparison rule must not add a misleading message
    ['systolic', NaN, 'systolic must be a number with at most 1 decimal place'],
    ['diastolic', NaN, 'diastolic must be a number with at most 1 decimal place'],
    ['diastolic', -Infinity, 'diastolic must be a number with at most 1 decimal place'],
  ])('rejects %s %p', (field, value, message) => {
    // the other side well inside its range and compatible, so only this rule can fail
    expect(check({ systolic: 250, diastolic: 30, [field]: value })).toEqual({
      ok: false,
      errors: [{ field, messages: [message] }],
    });
  });

  it.each([
    [80, 80],
    [80, 80.1],
    [90, 120],
  ])('rejects systolic %p not above diastolic %p', (systolic, diastolic) => {
    expect(check({ systolic, diastolic })).toEqual({
      ok: false,
      errors: [{ field: 'systolic', messages: ['systolic must be greater than diastolic'] }],
    });
  });

  it('reports every failing field', () => {
    expect(check({ systolic: 301, diastolic: 201 })).toEqual({
      ok: false,
      errors: [
        { field: 'systolic', messages: ['systolic must be between 40 and 300 mmHg'] },
        { field: 'diastolic', messages: ['diastolic must be between 20 and 200 mmHg'] },
      ],
    });
  });

  it.each([
    ['mmhg', 'unit must be "mmHg"'],
    ['kPa', 'unit must be "mmHg"'],
    [null, 'unit is required'],
  ])('rejects unit %p', (unit, message) => {
    expect(check({ unit })).toEqual({
      ok: false,
      errors: [{ field: 'unit', messages: [message] }],
    });
  });

  it('has no `value` field', () => {
    expect(check({ value: 120 })).toEqual({
      ok: false,
      errors: [{ field: 'value', messages: ['value is not a field of a pressure reading'] }],
    });
  });
});
