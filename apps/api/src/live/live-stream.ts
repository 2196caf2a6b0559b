import type { AlertMessage, LiveMessage, VitalsMessage } from '@healthcare/contracts';
import { Observable } from 'rxjs';
import type { LiveFeed } from './live-feed.js';

/** What one event of the stream carries: the newest vitals per patient, alert changes. */
export interface LiveBatch {
  vitals: VitalsMessage[];
  alerts: AlertMessage[];
  /** Alert changes were dropped (too many at once): reload the alert list. */
  reload_alerts: boolean;
}

/** Alert changes one event carries at most; beyond them the page reloads the list. */
const MAX_ALERTS_PER_EVENT = 200;

/**
 * One reader's stream: at most one event per `flushMs`, holding each patient's newest vitals
 * (older ones it replaces) and the alert changes since the last event, so the rate and the
 * memory per stream are bounded whatever the ward sends. `patient` limits it to one patient.
 */
export function liveStream(
  feed: LiveFeed,
  patient: string | undefined,
  flushMs: number,
): Observable<{ data: LiveBatch }> {
  return new Observable((subscriber) => {
    let vitals = new Map<string, VitalsMessage>();
    let alerts: AlertMessage[] = [];
    let dropped = false;
    const unsubscribe = feed.subscribe((message: LiveMessage) => {
      const whose = message.type === 'vitals' ? message.patient : message.alert.patient;
      if (patient !== undefined && whose !== patient) return;
      if (message.type === 'vitals') vitals.set(message.patient, message);
      else if (alerts.length < MAX_ALERTS_PER_EVENT) alerts.push(message.alert);
      else dropped = true;
    });
    const timer = setInterval(() => {
      if (vitals.size === 0 && alerts.length === 0 && !dropped) return;
      const data: LiveBatch = { vitals: [...vitals.values()], alerts, reload_alerts: dropped };
      vitals = new Map();
      alerts = [];
      dropped = false;
      subscriber.next({ data });
    }, flushMs);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  });
}
