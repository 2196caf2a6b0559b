import type { Reading, ReadingKind } from '@healthcare/contracts';
import type { RejectionItem } from './batch.js';

/** A column the subscriber writes: its name, the array type its values travel as, its value. */
export interface Column<R> {
  name: string;
  type: string;
  value: (row: R) => unknown;
}

export interface Table<R> {
  name: string;
  columns: Column<R>[];
  /** The columns that make a row a duplicate, left as it is (or a conflict, when the rest differs). */
  key?: string[];
}

const column = <R>(name: string, type: string, value: (row: R) => unknown): Column<R> => ({
  name,
  type,
  value,
});

/** A reading table: sensor_id, the kind's own values, unit and timestamp, one row per reading. */
function readingTable<K extends ReadingKind>(
  name: string,
  values: Column<Reading<K>>[],
): Table<Reading<K>> {
  return {
    name,
    columns: [
      column('sensor_id', 'varchar', (r) => r.sensor_id),
      ...values,
      column('unit', 'varchar', (r) => r.unit),
      column('"timestamp"', 'timestamptz', (r) => r.date),
    ],
    key: ['sensor_id', '"timestamp"'],
  };
}

/**
 * The columns of each table as the migrations create them (see CreateReadingTables). Values
 * travel as the column's own type, so a reading compares equal to its stored row.
 */
export const READING_TABLES: { [K in ReadingKind]: Table<Reading<K>> } = {
  temperature: readingTable<'temperature'>('temperature', [
    column('value', 'numeric(5,2)', (r) => r.value),
  ]),
  pressure: readingTable<'pressure'>('pressure', [
    column('systolic', 'numeric(5,1)', (r) => r.systolic),
    column('diastolic', 'numeric(5,1)', (r) => r.diastolic),
  ]),
  heartRate: readingTable<'heartRate'>('heart_rate', [column('value', 'int', (r) => r.value)]),
};

export const REJECTION_TABLE: Table<RejectionItem> = {
  name: 'rejected_message',
  columns: [
    column('topic', 'text', (i) => i.topic),
    column('payload', 'text', (i) => i.payload),
    column('reason', 'text', (i) => i.reason),
    column('received_at', 'timestamptz', (i) => i.receivedAt.toISOString()),
  ],
};

/**
 * A reading that differs from the stored one with its key, both as JSON of the values that differ
 * from table to table (see CreateConflictingReading); one row per different reading received.
 */
export const CONFLICT_TABLE = {
  name: 'conflicting_reading',
  columns: ['kind', 'sensor_id', '"timestamp"', 'stored', 'received'],
  key: ['kind', 'sensor_id', '"timestamp"', 'received'],
} as const;
