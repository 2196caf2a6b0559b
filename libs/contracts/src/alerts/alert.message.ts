import { topicUnder } from '../readings.js';

/** Where alert changes are published (QoS 1), under the same prefix as the readings. */
export const ALERTS_TOPIC = 'alerts';

export function alertsTopic(prefix = ''): string {
  return topicUnder(ALERTS_TOPIC, prefix);
}

/** Why an alert is open: a NEWS2 parameter scoring 3, or the partial sum reaching 5. */
export type AlertCause = 'systolic' | 'pulse' | 'temperature' | 'partial-sum';
export const ALERT_CAUSES: readonly AlertCause[] = [
  'systolic',
  'pulse',
  'temperature',
  'partial-sum',
];

/** What happened to the alert in this message. */
export type AlertChange = 'opened' | 'updated' | 'closed' | 'acknowledged';

/**
 * An alert as published on `alerts` and served by the API (snake_case, ISO 8601 times in UTC).
 * `value` is the parameter's newest value (null for the partial sum); `score` is its NEWS2 score,
 * or the partial sum of the three parameters measured (never a full NEWS2).
 */
export interface AlertMessage {
  id: number;
  change: AlertChange;
  patient: string;
  cause: AlertCause;
  value: number | null;
  score: number;
  observed_at: string;
  opened_at: string;
  updated_at: string;
  closed_at: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}
