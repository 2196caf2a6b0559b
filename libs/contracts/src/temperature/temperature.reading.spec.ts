import { validateReading } from '../validate.js';
import { TEMPERATURE } from './temperature.reading.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const good = { sensor_id: 'Temp_001', value: 36.57, unit: 'C', date: '2024-05-01T10:00:00Z' };
const check = (patch: Record<string, unknown>) =>
  validateReading('temperature', { ...good, ...patch }, NOW);

describe('temperature reading', () => {
  it('publishes on `temperature` in °C, 25.00-45.00 with 2 decimals', () => {
    expect(TEMPERATURE).toEqual({ topic: 'temperature', unit: 'C', min: 25, max: 45, decimals: 2 });
  });

  it.each([25, 25.01, 36, 36.5, 36.57, 44.99, 45])('accepts value %p', (value) => {
    expect(check({ value })).toEqual({
      ok: true,
      reading: { ...good, value, date: '2024-05-01T10:00:00.000Z' },
    });
  });

  it.each([
    [24.99, 'value must be between 25 and 45 C'],
    [45.01, 'value must be between 25 and 45 C'],
    [0, 'value must be between 25 and 45 C'],
    [-36.5, 'value must be between 25 and 45 C'],
    [98.6, 'value must be between 25 and 45 C'],
    [36.571, 'value must be a number with at most 2 decimal places'],
    [25.001, 'value must be a number with at most 2 decimal places'],
    [44.999, 'value must be a number with at most 2 decimal places'],
  ])('rejects value %p', (value, message) => {
    expect(check({ value })).toEqual({
      ok: false,
      errors: [{ field: 'value', messages: [message] }],
    });
  });

  it.each([
    ['F', 'unit must be "C"'],
    ['c', 'unit must be "C"'],
    ['°C', 'unit must be "C"'],
    ['C ', 'unit must be "C"'],
    ['', 'unit must be "C"'],
    [null, 'unit is required'],
    [undefined, 'unit is required'],
  ])('rejects unit %p', (unit, message) => {
    expect(check({ unit })).toEqual({
      ok: false,
      errors: [{ field: 'unit', messages: [message] }],
    });
  });
});
