export * from './app-process.js';
export * from './certificates.js';
export * from './device-stream.js';
export * from './devices.js';
export * from './embedded-postgres.js';
export * from './http-request.js';
export * from './in-process-broker.js';
export * from './mosquitto.js';
export * from './mqtt-collector.js';
export * from './mqtt-publish.js';
export * from './ports.js';
export * from './postgres.js';
export * from './reading-tables.js';
export * from './sensor-config-specs.js';
export * from './test-gateway.js';
export * from './test-registry.js';
export * from './test-subscriber.js';
export * from './workspace.js';
export * from './teardown.js';
export * from './database-roles.js';
// The broker's logins of compose and `pnpm start`, with fresh passwords, for Mosquitto.start({ access }).
export {
  generatedBrokerSettings,
  subscriberUsernames,
  type BrokerAccessSettings,
} from '@healthcare/config';
export * from './metrics.js';
export * from './schema.js';
export * from './test-api.js';
