export { MIGRATIONS } from './migrations/index.js';
export { withDatabaseReady } from './prepare-database.js';
export { describeError, isConfigurationError, isDataError, sqlState } from './pg-errors.js';
