import { Inject, Injectable } from '@nestjs/common';
import { databaseUpGauge, METRICS_REGISTRY } from '@healthcare/config/metrics';
import type { Registry, RegistryContentType } from 'prom-client';
import { DatabaseProbe } from './database-probe.js';

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
      'a SELECT 1 at each scrape, as GET /health',
      async () => (await probe.failure()) === undefined,
    );
  }
}
