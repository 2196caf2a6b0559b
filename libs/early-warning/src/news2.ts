/**
 * NEWS2 (Royal College of Physicians, 2017), for the three of its seven parameters this platform
 * measures. The chart gives each band as whole numbers (or tenths of a degree); readings here carry
 * finer values, so each band is read as a half-open interval up to the chart's upper edge
 * (a temperature of 35.05 is above "≤35.0" and so in "35.1–36.0").
 */
export type Parameter = 'systolic' | 'pulse' | 'temperature';

export interface Band {
  /** The band holds values above this one (none: from the lowest value). */
  above?: number;
  /** The band holds values up to and including this one (none: to the highest value). */
  upTo?: number;
  score: 0 | 1 | 2 | 3;
}

/** The one table of bands, lowest first; its spec walks every edge. */
export const NEWS2_BANDS: Readonly<Record<Parameter, readonly Band[]>> = {
  // systolic blood pressure, mmHg: ≤90, 91–100, 101–110, 111–219, ≥220
  systolic: [
    { upTo: 90, score: 3 },
    { above: 90, upTo: 100, score: 2 },
    { above: 100, upTo: 110, score: 1 },
    { above: 110, upTo: 219, score: 0 },
    // the chart's "≥220": values between 219 and 220 (219.5) count with the higher band
    { above: 219, score: 3 },
  ],
  // pulse, per minute: ≤40, 41–50, 51–90, 91–110, 111–130, ≥131
  pulse: [
    { upTo: 40, score: 3 },
    { above: 40, upTo: 50, score: 1 },
    { above: 50, upTo: 90, score: 0 },
    { above: 90, upTo: 110, score: 1 },
    { above: 110, upTo: 130, score: 2 },
    { above: 130, score: 3 },
  ],
  // temperature, °C: ≤35.0, 35.1–36.0, 36.1–38.0, 38.1–39.0, ≥39.1
  temperature: [
    { upTo: 35, score: 3 },
    { above: 35, upTo: 36, score: 1 },
    { above: 36, upTo: 38, score: 0 },
    { above: 38, upTo: 39, score: 1 },
    { above: 39, score: 2 },
  ],
};

/** A single parameter scoring this much raises an alert (NEWS2's "red" score). */
export const ALERT_PARAMETER_SCORE = 3;
/** A partial sum of at least this much raises an alert (NEWS2's medium-risk threshold). */
export const ALERT_PARTIAL_SCORE = 5;

/** The NEWS2 score of one value, or undefined for a value that is not a finite number. */
export function scoreParameter(parameter: Parameter, value: number): Band['score'] | undefined {
  if (!Number.isFinite(value)) return undefined;
  const band = NEWS2_BANDS[parameter].find(
    (b) => (b.above === undefined || value > b.above) && (b.upTo === undefined || value <= b.upTo),
  );
  return band?.score;
}

/**
 * The sum over the parameters with a value: a partial NEWS2 (3 of its 7 parameters), never to be
 * shown as a full one. `alert` names why the values call for one, if they do.
 */
export interface PartialScore {
  scores: Partial<Record<Parameter, number>>;
  total: number;
  /** Parameters of 3 or more, and `partial-sum` when the total reaches the threshold. */
  causes: (Parameter | 'partial-sum')[];
}

export function partialScore(values: Partial<Record<Parameter, number>>): PartialScore {
  const scores: Partial<Record<Parameter, number>> = {};
  const causes: PartialScore['causes'] = [];
  let total = 0;
  for (const parameter of Object.keys(NEWS2_BANDS) as Parameter[]) {
    const value = values[parameter];
    if (value === undefined) continue;
    const score = scoreParameter(parameter, value);
    if (score === undefined) continue;
    scores[parameter] = score;
    total += score;
    if (score >= ALERT_PARAMETER_SCORE) causes.push(parameter);
  }
  if (total >= ALERT_PARTIAL_SCORE) causes.push('partial-sum');
  return { scores, total, causes };
}

/** A parameter's value and when it was measured. */
export interface MeasuredValue {
  value: number;
  at: Date | string;
}

/**
 * Whether a value measured at `at` is too old to count at `now` (ms since the epoch): older than
 * `maxAgeSeconds` (the setting VITAL_MAX_AGE_S). A patient's state an hour ago is not their state now.
 */
export function isStale(at: Date | string, now: number, maxAgeSeconds: number): boolean {
  return now - new Date(at).getTime() > maxAgeSeconds * 1000;
}

/** A partial score of the values recent enough to count, and the parameters left out as stale. */
export interface CurrentScore extends PartialScore {
  stale: Parameter[];
}

/**
 * The partial score of a patient's newest values at `now`: a value older than `maxAgeSeconds`
 * has no score, counts in no sum and raises no alert; it is named in `stale`.
 */
export function currentScore(
  vitals: Partial<Record<Parameter, MeasuredValue>>,
  now: number,
  maxAgeSeconds: number,
): CurrentScore {
  const fresh: Partial<Record<Parameter, number>> = {};
  const stale: Parameter[] = [];
  for (const parameter of Object.keys(NEWS2_BANDS) as Parameter[]) {
    const vital = vitals[parameter];
    if (!vital) continue;
    if (isStale(vital.at, now, maxAgeSeconds)) stale.push(parameter);
    else fresh[parameter] = vital.value;
  }
  return { ...partialScore(fresh), stale };
}
