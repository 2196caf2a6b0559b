import { validateReading } from '../validate.js';
import { HEART_RATE } from './heart-rate.reading.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const good = { sensor_id: 'Heart_001', value: 72, unit: 'bpm', date: '2024-05-01T10:00:00Z' };
const check = (patch: Record<string, unknown>) =>
  validateReading('heartRate', { ...good, ...patch }, NOW);

describe('heart-rate reading', () => {
  it('publishes on `heartRate` in bpm, integers 20-300', () => {
    expect(HEART_RATE).toEqual({ topic: 'heartRate', unit: 'bpm', min: 20, max: 300, decimals: 0 });
  });

  it.each([20, 21, 72, 299, 300])('accepts value %p', (value) => {
    expect(check({ value })).toEqual({
      ok: true,
      reading: { ...good, value, date: '2024-05-01T10:00:00.000Z' },
    });
  });

  it.each([
    [19, 'value must be between 20 and 300 bpm'],
    [301, 'value must be between 20 and 300 bpm'],
    [0, 'value must be between 20 and 300 bpm'],
    [-72, 'value must be between 20 and 300 bpm'],
    [72.5, 'value must be an integer'],
    [72.1, 'value must be an integer'],
    [20.5, 'value must be an integer'],
    ['72', 'value must be an integer'],
  ])('rejects value %p', (value, message) => {
    expect(check({ value })).toEqual({
      ok: false,
      errors: [{ field: 'value', messages: [message] }],
    });
  });

  it.each([
    ['BPM', 'unit must be "bpm"'],
    ['beats/min', 'unit must be "bpm"'],
    ['', 'unit must be "bpm"'],
    [null, 'unit is required'],
  ])('rejects unit %p', (unit, message) => {
    expect(check({ unit })).toEqual({
      ok: false,
      errors: [{ field: 'unit', messages: [message] }],
    });
  });
});
