import { validateReading } from '@healthcare/contracts';
import { isoMicros, ReadingSource } from './readings.js';

describe('ReadingSource', () => {
  it('makes readings the gateway accepts, of about 120 bytes', () => {
    for (const kind of ['temperature', 'heartRate', 'pressure'] as const) {
      const text = new ReadingSource(kind).json();
      expect(validateReading(kind, JSON.parse(text))).toMatchObject({ ok: true });
      expect(text.length).toBeGreaterThan(95);
      expect(text.length).toBeLessThan(140);
    }
  });

  it('never repeats a (sensor_id, date) pair, even within one millisecond', () => {
    const source = new ReadingSource('temperature', 3);
    const keys = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const { sensor_id, date } = JSON.parse(source.json()) as { sensor_id: string; date: string };
      keys.add(`${sensor_id} ${date}`);
    }
    expect(keys.size).toBe(3000);
  });

  it('dates a reading at the moment it is taken', () => {
    const before = Date.now();
    const { date } = new ReadingSource('heartRate').take();
    const taken = Date.parse(date);
    expect(taken).toBeGreaterThanOrEqual(before);
    expect(taken).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('keeps microseconds in the date', () => {
    expect(isoMicros(Date.UTC(2026, 0, 2, 3, 4, 5, 678) * 1000 + 9)).toBe(
      '2026-01-02T03:04:05.678009Z',
    );
  });
});
