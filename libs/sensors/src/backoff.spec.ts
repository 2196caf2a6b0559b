import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

const options = { initialMs: 100, maxMs: 2000, factor: 2 };
const lowest = () => 0;
const highest = () => 1;

describe('backoffDelay', () => {
  it('doubles from the initial delay, between half and all of each step', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, 0, highest))).toEqual([
      100, 200, 400, 800, 1600,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, 0, lowest))).toEqual([
      50, 100, 200, 400, 800,
    ]);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [6, 10, 50, 1000]) {
      const delay = backoffDelay(attempt, options, 0, Math.random);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it("waits at least the server's hint, still within the cap", () => {
    expect(backoffDelay(1, options, 1500, lowest)).toBe(1500);
    expect(backoffDelay(1, options, 5000, lowest)).toBe(2000);
    expect(backoffDelay(5, options, 10, highest)).toBe(1600);
  });

  it('defaults to 200 ms doubling up to 5 s', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, 0, highest)).toBe(200);
    expect(backoffDelay(30, DEFAULT_BACKOFF, 0, highest)).toBe(5000);
  });
});
