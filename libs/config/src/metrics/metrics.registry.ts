import { collectDefaultMetrics, Registry, type OpenMetricsContentType } from 'prom-client';

/** Every metric of the platform is named `healthcare_...` (Prometheus: one prefix per system). */
export const METRIC_PREFIX = 'healthcare_';

/**
 * An app's one registry, in the OpenMetrics format (the one that carries exemplars, such as the
 * reading id of the last rejected message), with Node's process metrics.
 */
export function createMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}
