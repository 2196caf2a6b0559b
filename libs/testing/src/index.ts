export * from './app-process.js';
export * from './embedded-postgres.js';
export * from './mosquitto.js';
export * from './mqtt-collector.js';
export * from './ports.js';
export * from './postgres.js';
export * from './workspace.js';
