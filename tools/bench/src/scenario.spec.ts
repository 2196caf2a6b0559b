import { countProblem } from './scenario.js';

describe('countProblem', () => {
  it('passes only rows == accepted, and says what a difference means', () => {
    expect(countProblem({ expected: 5, rows: 5 })).toBeUndefined();
    expect(countProblem({ expected: 5, rows: 3 })).toBe(
      'count check failed: 3 rows for 5 accepted readings: 2 accepted readings were not stored',
    );
    expect(countProblem({ expected: 5, rows: 7, refused: 4 })).toMatch(
      /the 2 extra rows are among the 4 readings the gateway refused/,
    );
    expect(countProblem({ expected: 5, rows: 7 })).toMatch(/2 more rows than readings sent$/);
  });
});
