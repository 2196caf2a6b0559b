import { Gauge, type Registry, type RegistryContentType } from 'prom-client';
import { METRIC_PREFIX } from './metrics.registry.js';

/**
 * `healthcare_<app>_database_up`: 1 while PostgreSQL serves the app, 0 while it does not. One
 * definition for every app with a database, so that a dashboard or an alert reads each the same
 * way; `how` says what the app takes for "serves" (its help text), `isUp` is read at each scrape.
 */
export function databaseUpGauge(
  registry: Registry<RegistryContentType>,
  app: string,
  how: string,
  isUp: () => boolean | Promise<boolean>,
): Gauge {
  return new Gauge({
    name: `${METRIC_PREFIX}${app}_database_up`,
    help: `1 while PostgreSQL serves the ${app}, 0 while it does not: ${how}`,
    registers: [registry],
    async collect() {
      this.set((await isUp()) ? 1 : 0);
    },
  });
}
