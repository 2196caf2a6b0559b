/** The app's prom-client Registry. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
/** METRICS_TOKEN of the app's config ('' when unset). */
export const METRICS_TOKEN = Symbol('METRICS_TOKEN');
