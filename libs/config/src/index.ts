export * from './load-config.js';
export * from './logger.js';
export * from './run-app.js';
export * from './runtime.js';
