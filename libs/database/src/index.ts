export { MIGRATIONS } from './migrations/index.js';
export { withDatabaseReady } from './prepare-database.js';
export { describeError, isConfigurationError, isDataError, sqlState } from './pg-errors.js';
export {
  assignDevice,
  AssignmentError,
  endAssignment,
  listAssignments,
  type Assignment,
} from './assignments.js';
export {
  addReader,
  disableReader,
  ensureReader,
  issueReaderToken,
  listReaders,
  ReaderError,
  type ReaderRecord,
} from './readers.js';
