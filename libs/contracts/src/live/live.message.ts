import type { AlertMessage } from '../alerts/alert.message.js';

export type VitalParameter = 'systolic' | 'pulse' | 'temperature';

/**
 * A parameter's newest value, when it was measured, and its NEWS2 score. A stale value (older
 * than VITAL_MAX_AGE_S) has no score and counts in no partial sum.
 */
export interface VitalValue {
  value: number;
  at: string;
  score: number | null;
  stale: boolean;
}

/**
 * A patient's newest vitals after a reading was stored, with the partial NEWS2 score over the
 * parameters measured recently enough (3 of NEWS2's 7: never a full NEWS2).
 */
export interface VitalsMessage {
  type: 'vitals';
  patient: string;
  vitals: Partial<Record<VitalParameter, VitalValue>>;
  partial_score: number;
}

/** What live views (the page's event stream) receive: new vitals, or an alert's change. */
export type LiveMessage = VitalsMessage | { type: 'alert'; alert: AlertMessage };
