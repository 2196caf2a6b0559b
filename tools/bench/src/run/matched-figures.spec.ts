import { matchedFigures, MATCHED_FIGURES, ratesHeld, ratio } from './matched-figures.js';

describe('matchedFigures', () => {
  it("divides the ingest's CPU per reading by each baseline's at the same rate", () => {
    const figures = matchedFigures(
      { accepted: 8000, rows: 7900, gatewayUs: 90, subscriberUs: 36 },
      { bareUs: 40, floorUs: 60, pipeUs: 24, subscriberFloorUs: 18 },
    );
    expect(figures).toEqual({
      gatewayPerBareMatched: 2.25,
      gatewayPerFloorMatched: 1.5,
      subscriberPerPipeMatched: 1.5,
      subscriberPerFloorMatched: 2,
      bareUsMatched: 40,
      floorUsMatched: 60,
      pipeUsMatched: 24,
      subscriberFloorUsMatched: 18,
    });
    expect(Object.keys(figures).sort()).toEqual(MATCHED_FIGURES.map((f) => f.key).sort());
  });

  it('has no ratio of an unknown CPU', () => {
    const figures = matchedFigures(
      { gatewayUs: 90, subscriberUs: NaN },
      { bareUs: 30, floorUs: 45, pipeUs: 24, subscriberFloorUs: 18 },
    );
    expect(figures).toMatchObject({
      gatewayPerBareMatched: 3,
      gatewayPerFloorMatched: 2,
      subscriberPerPipeMatched: NaN,
      subscriberPerFloorMatched: NaN,
    });
  });
});

describe('ratio', () => {
  it('rounds to two decimals and refuses zero, negative or missing operands', () => {
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(0, 3)).toBeNaN();
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(undefined, 3)).toBeNaN();
    expect(ratio(-1, 3)).toBeNaN();
  });
});

describe('ratesHeld', () => {
  it('holds within 5% of the rate asked for', () => {
    expect(
      ratesHeld([
        [3800, 4000],
        [4190, 4000],
      ]),
    ).toBe(true);
    expect(ratesHeld([[3790, 4000]])).toBe(false);
    expect(
      ratesHeld([
        [4000, 4000],
        [4210, 4000],
      ]),
    ).toBe(false);
  });
});
