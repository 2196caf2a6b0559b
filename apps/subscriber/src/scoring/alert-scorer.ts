import { Logger } from '@nestjs/common';
import { alertsTopic, type AlertMessage, type LiveMessage } from '@healthcare/contracts';
import {
  applyScore,
  assignmentsOfDevices,
  isEmptyPlan,
  LIVE_CHANNEL,
  newestVitals,
  openAlerts,
  planAlerts,
  vitalsMessage,
  wornBy,
  type Vitals,
} from '@healthcare/database';
import { currentScore, type CurrentScore } from '@healthcare/early-warning';
import type pg from 'pg';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { AssignmentFollower } from './assignment-follower.js';
import { takeNewer, type ScoringCache } from './scoring-cache.js';
import type { Scorer, VitalReading } from './scoring-queue.js';

/** Publishes a message at QoS 1 (the subscriber's own MQTT client). */
export type Publish = (topic: string, payload: string) => Promise<void>;

/** Patients scored per query, so one round's statements stay small. */
const PATIENTS_PER_QUERY = 200;

interface Scored {
  patient: string;
  values: Vitals;
  score: CurrentScore;
}

/**
 * Scores the patients whose assignment covers the committed readings, each from their newest
 * value of each parameter, and brings their alerts in line. Every change goes out on `alerts`
 * and, with each patient's new vitals, as a PostgreSQL notification for live views.
 *
 * The assignments and the vitals come from the cache, updated with the round's own values; the
 * database is read for what it lacks. A patient whose alerts the cached values would change is
 * scored again from the database's values before anything is written, since another replica may
 * have stored newer ones: the alert table is the truth, changed under its lock (applyScore).
 */
export class AlertScorer implements Scorer {
  private readonly logger = new Logger(AlertScorer.name);
  private readonly topic: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly cache: ScoringCache,
    private readonly follower: Pick<AssignmentFollower, 'sync'>,
    private readonly publish: Publish,
    private readonly metrics: MetricsService,
    topicPrefix: string,
    /** VITAL_MAX_AGE_S: an older value counts in no score. */
    private readonly maxAgeSeconds: number,
  ) {
    this.topic = alertsTopic(topicPrefix);
  }

  async score(readings: VitalReading[]): Promise<void> {
    try {
      await this.round(readings);
    } catch (err) {
      // a round that failed half-way may have kept values it neither sent nor scored
      this.cache.drop();
      throw err;
    }
  }

  private async round(readings: VitalReading[]): Promise<void> {
    // kept assignments are right only while their changes are heard
    if (!(await this.follower.sync())) this.cache.drop();
    // a device twice in the list is looked up twice, no more: no Set of a round's devices
    const { values: devices } = await this.cache.assignments(
      readings.map((r) => r.sensorId),
      (missing) => assignmentsOfDevices(this.pool, missing),
    );
    const byPatient = new Map<string, VitalReading[]>();
    for (const reading of readings) {
      const patient = wornBy(devices.get(reading.sensorId) ?? [], reading.at);
      if (patient === undefined) continue;
      const list = byPatient.get(patient);
      if (list) list.push(reading);
      else byPatient.set(patient, [reading]);
    }
    const patients = [...byPatient.keys()];
    for (let i = 0; i < patients.length; i += PATIENTS_PER_QUERY) {
      const chunk = patients.slice(i, i + PATIENTS_PER_QUERY);
      await this.scorePatients(new Map(chunk.map((p) => [p, byPatient.get(p) ?? []])));
    }
  }

  private async scorePatients(readings: Map<string, VitalReading[]>): Promise<void> {
    const patients = [...readings.keys()];
    // a reading whose stored value is not its own: the database says what was stored
    const unknown = patients.filter((p) => readings.get(p)?.some((r) => r.value === undefined));
    const { values: vitals, loaded } = await this.cache.vitals(
      patients,
      (missing) => newestVitals(this.pool, missing),
      new Set(unknown),
    );
    const changed = new Set(loaded);
    for (const [patient, list] of readings) {
      const values = vitals.get(patient);
      if (!values) continue;
      for (const { parameter, value, at } of list) {
        if (value !== undefined && takeNewer(values, parameter, { value, at })) {
          changed.add(patient);
        }
      }
    }
    const now = Date.now();
    const scoreOf = (patient: string, values: Vitals): Scored => ({
      patient,
      values,
      score: currentScore(values, now, this.maxAgeSeconds),
    });
    const scored = new Map([...vitals].map(([p, values]) => [p, scoreOf(p, values)]));

    // most patients' alerts already say what their values say: they need no transaction. With
    // replicas, what another one writes meanwhile is planned again under the lock in applyScore,
    // or, for a patient skipped here, by the round of their next reading
    const open = await openAlerts(this.pool, patients);
    const needsChange = (s: Scored) =>
      !isEmptyPlan(planAlerts(open.get(s.patient) ?? [], s.values, s.score));
    const doubtful = [...scored.values()].filter(needsChange).map((s) => s.patient);
    if (doubtful.length > 0) {
      const truth = await this.cache.vitals(
        doubtful,
        (missing) => newestVitals(this.pool, missing),
        new Set(doubtful),
      );
      for (const [patient, values] of truth.values) {
        scored.set(patient, scoreOf(patient, values));
        changed.add(patient);
      }
    }
    await this.notify(
      [...changed].flatMap((p) => {
        const s = scored.get(p);
        return s ? [vitalsMessage(s.patient, s.values, s.score)] : [];
      }),
    );
    const changing = doubtful.flatMap((p) => {
      const s = scored.get(p);
      return s && needsChange(s) ? [s] : [];
    });
    if (changing.length === 0) return;
    const client = await this.pool.connect();
    const changes: AlertMessage[] = [];
    try {
      for (const { patient, values, score } of changing) {
        changes.push(...(await applyScore(client, patient, values, score)));
      }
    } finally {
      client.release();
    }
    if (changes.length === 0) return;
    await this.notify(changes.map((alert): LiveMessage => ({ type: 'alert', alert })));
    for (const alert of changes) {
      await this.publish(this.topic, JSON.stringify(alert));
      this.metrics.alertPublished();
      this.logger.log(
        `alert ${alert.id} ${alert.change}: patient ${alert.patient}, ${alert.cause}`,
      );
    }
  }

  private async notify(messages: LiveMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // one notification is at most 8000 bytes: a patient's vitals or an alert is far less. Sent as
    // one JSON array (a json element's text is its payload as written), not a text[] whose
    // elements pg escapes one by one, and answered with one row, not one per message
    await this.pool.query(
      'SELECT count(pg_notify($1, m::text)) FROM json_array_elements($2::json) AS m',
      [LIVE_CHANNEL, JSON.stringify(messages)],
    );
  }
}
