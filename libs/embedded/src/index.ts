export * from './mosquitto.js';
export * from './mqtt-broker.js';
export * from './ports.js';
export * from './postgres.js';
export * from './postgres-process.js';
export * from './managed-process.js';
export * from './workspace.js';
export * from './migrate.js';
