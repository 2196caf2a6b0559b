import { Logger } from '@nestjs/common';
import { alertsTopic, type AlertMessage, type LiveMessage } from '@healthcare/contracts';
import {
  applyScore,
  isEmptyPlan,
  LIVE_CHANNEL,
  newestVitals,
  openAlerts,
  patientsOf,
  planAlerts,
  vitalsMessage,
  type DeviceReading,
} from '@healthcare/database';
import { currentScore } from '@healthcare/early-warning';
import type pg from 'pg';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { Scorer } from './scoring-queue.js';

/** Publishes a message at QoS 1 (the subscriber's own MQTT client). */
export type Publish = (topic: string, payload: string) => Promise<void>;

/** Patients scored per query, so one round's statements stay small. */
const PATIENTS_PER_QUERY = 200;

/**
 * Scores the patients whose assignment covers the committed readings, each from their newest
 * value of each parameter, and brings their alerts in line. Every change goes out on `alerts`
 * and, with each patient's new vitals, as a PostgreSQL notification for live views.
 */
export class AlertScorer implements Scorer {
  private readonly logger = new Logger(AlertScorer.name);
  private readonly topic: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly publish: Publish,
    private readonly metrics: MetricsService,
    topicPrefix: string,
    /** VITAL_MAX_AGE_S: an older value counts in no score. */
    private readonly maxAgeSeconds: number,
  ) {
    this.topic = alertsTopic(topicPrefix);
  }

  async score(readings: DeviceReading[]): Promise<void> {
    const patients = await patientsOf(this.pool, readings);
    for (let i = 0; i < patients.length; i += PATIENTS_PER_QUERY) {
      await this.scorePatients(patients.slice(i, i + PATIENTS_PER_QUERY));
    }
  }

  private async scorePatients(patients: string[]): Promise<void> {
    const vitals = await newestVitals(this.pool, patients);
    const now = Date.now();
    const scored = [...vitals].map(([patient, values]) => ({
      patient,
      values,
      score: currentScore(values, now, this.maxAgeSeconds),
    }));
    await this.notify(scored.map((s) => vitalsMessage(s.patient, s.values, s.score)));
    // most patients' alerts already say what their values say: they need no transaction. With
    // replicas, what another one writes meanwhile is planned again under the lock in applyScore,
    // or, for a patient skipped here, by the round of their next reading
    const open = await openAlerts(this.pool, patients);
    const changing = scored.filter(
      (s) => !isEmptyPlan(planAlerts(open.get(s.patient) ?? [], s.values, s.score)),
    );
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
    // one notification is at most 8000 bytes: a patient's vitals or an alert is far less
    const payloads = messages.map((m) => JSON.stringify(m));
    await this.pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
      LIVE_CHANNEL,
      payloads,
    ]);
  }
}
