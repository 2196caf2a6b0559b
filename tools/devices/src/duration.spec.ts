import { MAX_GRACE_MS, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
  ])('reads %p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([['1'], ['h'], ['-1h'], ['1w'], ['1 h x'], [''], ['366d']])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('allows at most a year', () => {
    expect(parseDuration('365d')).toBe(MAX_GRACE_MS);
  });
});
