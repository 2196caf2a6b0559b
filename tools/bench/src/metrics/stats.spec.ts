import { readProcStats } from './proc-stats.js';
import { median, percentile } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('percentile', () => {
  it('takes the value at the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 down to 1
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('readProcStats', () => {
  it('reads CPU time and resident memory of a live process, nothing for a gone one', () => {
    const stats = readProcStats(process.pid)!;
    expect(stats.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(stats.peakRssBytes).toBeGreaterThanOrEqual(stats.rssBytes);
    expect(stats.cpuSeconds).toBeGreaterThan(0);
    expect(readProcStats(2 ** 22 + 1)).toBeUndefined();
  });
});
