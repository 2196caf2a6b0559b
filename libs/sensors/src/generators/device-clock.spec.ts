import { DeviceClock } from './device-clock.js';

describe('DeviceClock', () => {
  it('gives the current time in UTC ISO form', () => {
    const clock = new DeviceClock(() => Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(clock.next('Temp_001')).toBe('2026-01-02T03:04:05.678Z');
  });

  it('never repeats an instant for one device, even within one millisecond', () => {
    const clock = new DeviceClock(() => Date.UTC(2026, 0, 1));
    const dates = Array.from({ length: 5 }, () => clock.next('Temp_001'));
    expect(dates).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.001Z',
      '2026-01-01T00:00:00.002Z',
      '2026-01-01T00:00:00.003Z',
      '2026-01-01T00:00:00.004Z',
    ]);
  });

  it('keeps devices apart: the same instant is fine for two devices', () => {
    const clock = new DeviceClock(() => Date.UTC(2026, 0, 1));
    expect(clock.next('Temp_001')).toBe(clock.next('Temp_002'));
  });

  it('stays monotonic when the system clock steps back', () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 10);
    const clock = new DeviceClock(() => now);
    const first = clock.next('Temp_001');
    now -= 5000;
    expect(clock.next('Temp_001') > first).toBe(true);
  });
});
