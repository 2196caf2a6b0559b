export * from './app-config.module.js';
export * from './load-config.js';
export * from './logger.js';
export * from './run-app.js';
export * from './runtime.js';
export * from './settings.js';
export * from './tls.js';
export * from './broker-access/index.js';
