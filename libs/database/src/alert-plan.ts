import type { AlertCause } from '@healthcare/contracts';
import type { CurrentScore, Parameter } from '@healthcare/early-warning';
import type { Vitals } from './vitals.js';

/** What the plan reads of an open alert. */
export interface OpenAlert {
  id: string;
  cause: AlertCause;
  value: number | null;
  score: number;
  observed_at: Date;
}

/** What a cause's alert says now: the value behind it, its score, and when it was measured. */
export interface CauseState {
  value: number | null;
  score: number;
  observedAt: Date;
}

/** The writes that bring a patient's open alerts in line with their newest score. */
export interface AlertPlan<A extends OpenAlert> {
  open: { cause: AlertCause; state: CauseState }[];
  /** `changed`: the value or the score moved (published); otherwise only the time did. */
  update: { alert: A; state: CauseState; changed: boolean }[];
  close: A[];
}

function stateOf(cause: AlertCause, vitals: Vitals, score: CurrentScore): CauseState | undefined {
  if (cause === 'partial-sum') {
    const times = Object.entries(vitals)
      .filter(([parameter]) => !score.stale.includes(parameter as Parameter))
      .map(([, v]) => v.at.getTime());
    if (times.length === 0) return undefined;
    return { value: null, score: score.total, observedAt: new Date(Math.max(...times)) };
  }
  const vital = vitals[cause];
  const parameterScore = score.scores[cause];
  if (!vital || parameterScore === undefined) return undefined;
  return { value: vital.value, score: parameterScore, observedAt: vital.at };
}

/**
 * Opens an alert for each new cause, updates the open one of a cause still there (never a second
 * one), closes those whose cause is gone. A parameter whose value is stale says nothing now: its
 * open alert stays as it is. An alert that already says what the values say is left alone.
 */
export function planAlerts<A extends OpenAlert>(
  open: readonly A[],
  vitals: Vitals,
  score: CurrentScore,
): AlertPlan<A> {
  const plan: AlertPlan<A> = { open: [], update: [], close: [] };
  for (const cause of score.causes) {
    const state = stateOf(cause, vitals, score);
    if (!state) continue;
    const current = open.find((a) => a.cause === cause);
    if (!current) {
      plan.open.push({ cause, state });
      continue;
    }
    // a scorer that read older values than the stored ones leaves the alert as it is
    if (current.observed_at > state.observedAt) continue;
    const changed = current.value !== state.value || current.score !== state.score;
    if (changed || current.observed_at < state.observedAt) {
      plan.update.push({ alert: current, state, changed });
    }
  }
  // an alert whose values have gone stale is neither confirmed nor over: it stays as it is (a
  // partial sum with a stale parameter in it is not known to be back below the threshold)
  const undecided = (cause: AlertCause) =>
    cause === 'partial-sum' ? score.stale.length > 0 : score.stale.includes(cause);
  plan.close = open.filter((a) => !score.causes.includes(a.cause) && !undecided(a.cause));
  return plan;
}

export function isEmptyPlan(plan: AlertPlan<OpenAlert>): boolean {
  return plan.open.length === 0 && plan.update.length === 0 && plan.close.length === 0;
}
