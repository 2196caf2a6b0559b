export { MIGRATIONS } from './migrations/index.js';
export { withDatabaseReady } from './prepare-database.js';
export { inTransaction } from './transaction.js';
export { listeningClient, type ListenOptions } from './listen.js';
export { describeError, isConfigurationError, isDataError, sqlState } from './pg-errors.js';
export {
  applyRoles,
  DATABASE_ROLES,
  ROLE_GRANTS,
  roleName,
  scramVerifier,
  type DatabaseRole,
  type RolePasswords,
} from './roles.js';
export * from './devices/device-registry.js';
export { migrateDatabase } from './devices/migrate.js';
export {
  ASSIGNMENT_CHANNEL,
  assignDevice,
  AssignmentError,
  assignmentsOfDevices,
  endAssignment,
  listAssignments,
  wornBy,
  type Assignment,
} from './assignments.js';
export {
  addReader,
  disableReader,
  ensureReader,
  issueReaderToken,
  listReaders,
  READER_CHANNEL,
  ReaderError,
  type ReaderRecord,
} from './readers.js';
export {
  acknowledgeAlert,
  ALERT_ACKNOWLEDGED_CHANNEL,
  ALERT_STATES,
  alertMessage,
  applyScore,
  listAlerts,
  markAcknowledgementPublished,
  openAlerts,
  unpublishedAcknowledgements,
  type AlertState,
} from './alerts.js';
export {
  isEmptyPlan,
  planAlerts,
  type AlertPlan,
  type CauseState,
  type OpenAlert,
} from './alert-plan.js';
export {
  LIVE_CHANNEL,
  measuredVital,
  newestVitals,
  VITAL_SOURCES,
  vitalsMessage,
  type Vital,
  type Vitals,
} from './vitals.js';
export { KIND_TABLES, type KindTable } from './readings/reading-tables.js';
export {
  afterCursor,
  isoInstant,
  Params,
  rowsOf,
  type Bound,
  type Cursor,
  type Subject,
  type TimeRange,
} from './readings/reading-query.js';
export { pageRow, pageStatement, type PageQuery, type PageRow } from './readings/page-statement.js';
