import { CreateConflictingReading1796140800000 } from './1796140800000-CreateConflictingReading.js';
import { CreateDeviceRegistry1796400000000 } from './1796400000000-CreateDeviceRegistry.js';
import { CreateReadingTables1795780800000 } from './1795780800000-CreateReadingTables.js';
import { CreateReadersAndAssignments1796600000000 } from './1796600000000-CreateReadersAndAssignments.js';
import { CreateAlert1796700000000 } from './1796700000000-CreateAlert.js';
import { AddAlertAcknowledgementOutbox1796800000000 } from './1796800000000-AddAlertAcknowledgementOutbox.js';
import { NotifyReaderChanges1796900000000 } from './1796900000000-NotifyReaderChanges.js';
import { NotifyAssignmentChanges1797000000000 } from './1797000000000-NotifyAssignmentChanges.js';

/** Every migration, oldest first; listed as classes so the compiled app and the CLI load the same ones. */
export const MIGRATIONS = [
  CreateReadingTables1795780800000,
  CreateConflictingReading1796140800000,
  CreateDeviceRegistry1796400000000,
  CreateReadersAndAssignments1796600000000,
  CreateAlert1796700000000,
  AddAlertAcknowledgementOutbox1796800000000,
  NotifyReaderChanges1796900000000,
  NotifyAssignmentChanges1797000000000,
];
