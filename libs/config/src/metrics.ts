export * from './metrics/database-up.js';
export * from './metrics/metrics-access.js';
export * from './metrics/metrics.controller.js';
export * from './metrics/metrics.module.js';
export * from './metrics/metrics.registry.js';
export * from './metrics/metrics.settings.js';
export * from './metrics/metrics.tokens.js';
export * from './metrics/counted-at-scrape.js';
