import {
  currentScore,
  isStale,
  NEWS2_BANDS,
  partialScore,
  scoreParameter,
  type Parameter,
} from './news2.js';

/** Each chart edge: the last value of a band (as the chart writes it), the next value, their scores. */
const EDGES: [Parameter, number, number, number, number][] = [
  ['systolic', 90, 3, 91, 2],
  ['systolic', 100, 2, 101, 1],
  ['systolic', 110, 1, 111, 0],
  ['systolic', 219, 0, 220, 3],
  ['pulse', 40, 3, 41, 1],
  ['pulse', 50, 1, 51, 0],
  ['pulse', 90, 0, 91, 1],
  ['pulse', 110, 1, 111, 2],
  ['pulse', 130, 2, 131, 3],
  ['temperature', 35.0, 3, 35.1, 1],
  ['temperature', 36.0, 1, 36.1, 0],
  ['temperature', 38.0, 0, 38.1, 1],
  ['temperature', 39.0, 1, 39.1, 2],
];

describe('NEWS2 bands', () => {
  it.each(EDGES)(
    '%s: %p scores %p, %p scores %p',
    (parameter, last, lastScore, next, nextScore) => {
      expect(scoreParameter(parameter, last)).toBe(lastScore);
      expect(scoreParameter(parameter, next)).toBe(nextScore);
    },
  );

  it('walks every edge of the table', () => {
    for (const parameter of Object.keys(NEWS2_BANDS) as Parameter[]) {
      const edges = NEWS2_BANDS[parameter].flatMap((b) => (b.upTo === undefined ? [] : [b.upTo]));
      expect(EDGES.filter(([p]) => p === parameter).map(([, last]) => last)).toEqual(edges);
    }
  });

  it.each([
    ['temperature', 35.05, 1],
    ['temperature', 36.01, 0],
    ['temperature', 39.01, 2],
    ['systolic', 90.5, 2],
    ['systolic', 219.5, 3],
    ['temperature', 25, 3],
    ['temperature', 45, 2],
    ['pulse', 20, 3],
    ['pulse', 300, 3],
  ] as const)(
    'values between and beyond the chart figures: %s %p scores %p',
    (parameter, value, score) => {
      expect(scoreParameter(parameter, value)).toBe(score);
    },
  );

  it('has no score for a value that is not a number', () => {
    expect(scoreParameter('pulse', Number.NaN)).toBeUndefined();
    expect(scoreParameter('pulse', Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('partial score', () => {
  it('sums the parameters present and raises no alert below the thresholds', () => {
    expect(partialScore({ systolic: 120, pulse: 72, temperature: 37 })).toEqual({
      scores: { systolic: 0, pulse: 0, temperature: 0 },
      total: 0,
      causes: [],
    });
    expect(partialScore({ pulse: 100, temperature: 38.5 })).toEqual({
      scores: { pulse: 1, temperature: 1 },
      total: 2,
      causes: [],
    });
  });

  it('alerts on a single parameter of 3', () => {
    expect(partialScore({ pulse: 135 }).causes).toEqual(['pulse']);
  });

  it('alerts on a sum of 5 or more without a red parameter', () => {
    const score = partialScore({ systolic: 95, pulse: 115, temperature: 38.5 });
    expect(score.total).toBe(5);
    expect(score.causes).toEqual(['partial-sum']);
    expect(partialScore({ systolic: 95, pulse: 115, temperature: 37 }).causes).toEqual([]);
  });

  it('names every cause at once', () => {
    expect(partialScore({ systolic: 85, pulse: 135, temperature: 34 }).causes).toEqual([
      'systolic',
      'pulse',
      'temperature',
      'partial-sum',
    ]);
  });
});

describe('current score', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  it('counts a value up to the age limit and leaves an older one out of the sum', () => {
    const score = currentScore(
      {
        systolic: { value: 85, at: ago(3601) }, // 3, but too old
        pulse: { value: 135, at: ago(3600) }, // 3, just in time
        temperature: { value: 39.5, at: ago(10).toISOString() }, // 2
      },
      now,
      3600,
    );
    expect(score).toEqual({
      scores: { pulse: 3, temperature: 2 },
      total: 5,
      causes: ['pulse', 'partial-sum'],
      stale: ['systolic'],
    });
  });

  it('raises no alert from stale values, however red', () => {
    const score = currentScore(
      { systolic: { value: 80, at: ago(7200) }, temperature: { value: 34, at: ago(7200) } },
      now,
      3600,
    );
    expect(score).toEqual({ scores: {}, total: 0, causes: [], stale: ['systolic', 'temperature'] });
  });

  it('takes the limit as given', () => {
    expect(isStale(ago(61), now, 60)).toBe(true);
    expect(isStale(ago(60), now, 60)).toBe(false);
    expect(isStale(ago(-5), now, 60)).toBe(false);
  });
});
