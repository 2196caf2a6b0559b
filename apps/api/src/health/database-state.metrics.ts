import { Inject, Injectable } from '@nestjs/common';
import { databaseUpGauge, METRICS_REGISTRY } from '@healthcare/config/metrics';
import type { Registry, RegistryContentType } from 'prom-client';
import { DatabaseProbe } from './database-probe.js';

/**
 * How long a scrape waits for the database's answer: well inside Prometheus's default scrape
 * timeout, so that a database that hangs shows as down instead of failing the whole scrape.
 */
export const PROBE_LIMIT_MS = 2000;

/**
 * healthcare_api_database_up, probed at each scrape: the API reads only when asked, so the outcome
 * of its last query could be hours old, or never come while no reader asks.
 */
@Injectable()
export class DatabaseStateMetrics {
  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry<RegistryContentType>,
    @Inject(DatabaseProbe) probe: DatabaseProbe,
  ) {
    databaseUpGauge(
      registry,
      'api',
      'a SELECT 1 at each scrape, as GET /health; one that hangs counts as down',
      () => probe.answersWithin(PROBE_LIMIT_MS),
    );
  }
}
