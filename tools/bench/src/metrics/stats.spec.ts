import { readProcStats } from './proc-stats.js';
import { median } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
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
