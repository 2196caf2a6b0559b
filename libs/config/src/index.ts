export * from './load-config.js';
export * from './logger.js';
