import { READINGS, validateReading } from '@healthcare/contracts';
import { DeviceClock } from './device-clock.js';
import { createGenerator, SIMULATED, uniform, uniformInt } from './readings.js';

const decimalsOf = (n: number) => (Number.isInteger(n) ? 0 : String(n).split('.')[1].length);
const SAMPLES = 5000;

describe('reading generators', () => {
  it('temperature: 35-38 C with at most 2 decimals', () => {
    const next = createGenerator('temperature');
    const values = Array.from({ length: SAMPLES }, () => next('Temp_001').value);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(35);
    expect(Math.max(...values)).toBeLessThanOrEqual(38);
    expect(Math.max(...values.map(decimalsOf))).toBe(2);
  });

  it('pressure: systolic 100-140 and diastolic 60-90 mmHg with at most 1 decimal', () => {
    const next = createGenerator('pressure');
    const readings = Array.from({ length: SAMPLES }, () => next('Press_001'));
    const systolic = readings.map((r) => r.systolic);
    const diastolic = readings.map((r) => r.diastolic);
    expect(Math.min(...systolic)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...systolic)).toBeLessThanOrEqual(140);
    expect(Math.min(...diastolic)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...diastolic)).toBeLessThanOrEqual(90);
    expect(Math.max(...[...systolic, ...diastolic].map(decimalsOf))).toBe(1);
  });

  it('heart rate: integers 60-100 bpm, both ends reachable', () => {
    const next = createGenerator('heartRate');
    const values = new Set(Array.from({ length: SAMPLES }, () => next('Heart_001').value));
    expect([...values].every(Number.isInteger)).toBe(true);
    expect(Math.min(...values)).toBe(60);
    expect(Math.max(...values)).toBe(100);
  });

  it('reaches the ends of each range and rounds at the edges', () => {
    expect(uniform(35, 38, 2, () => 0)).toBe(35);
    expect(uniform(35, 38, 2, () => 0.9999999)).toBe(38);
    expect(uniform(100, 140, 1, () => 0.123456)).toBe(104.9);
    expect(uniformInt(60, 100, () => 0)).toBe(60);
    expect(uniformInt(60, 100, () => 0.9999999)).toBe(100);
  });

  it.each(['temperature', 'pressure', 'heartRate'] as const)(
    '%s readings are valid per the contracts, unchanged by normalisation, fields in wire order',
    (kind) => {
      const next = createGenerator(kind);
      for (let i = 0; i < 200; i++) {
        const reading = next('Dev_001');
        const result = validateReading(kind, reading);
        expect(result).toEqual({ ok: true, reading });
        expect(Object.keys(reading)).toEqual(READINGS[kind].fields);
        expect(reading.unit).toBe(READINGS[kind].unit);
      }
    },
  );

  it('dates now, never the same twice for one device', () => {
    const fixed = Date.UTC(2026, 4, 1, 10);
    const next = createGenerator('heartRate', { clock: new DeviceClock(() => fixed) });
    const dates = Array.from({ length: 100 }, () => next('Heart_001').date);
    expect(new Set(dates).size).toBe(100);
    expect(dates[0]).toBe('2026-05-01T10:00:00.000Z');

    const live = createGenerator('temperature');
    const before = Date.now();
    const date = Date.parse(live('Temp_001').date);
    expect(date).toBeGreaterThanOrEqual(before);
    expect(date).toBeLessThanOrEqual(Date.now());
  });

  it('the simulated ranges sit inside what the gateway accepts', () => {
    expect(SIMULATED.temperature.min).toBeGreaterThanOrEqual(READINGS.temperature.min);
    expect(SIMULATED.temperature.max).toBeLessThanOrEqual(READINGS.temperature.max);
    expect(SIMULATED.heartRate.max).toBeLessThanOrEqual(READINGS.heartRate.max);
    expect(SIMULATED.pressure.diastolic.max).toBeLessThan(SIMULATED.pressure.systolic.min);
  });
});
