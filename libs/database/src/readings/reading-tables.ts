import type { ReadingKind } from '@healthcare/contracts';

export interface KindTable {
  /** The subscriber's table. */
  table: string;
  /** The start of the ids of its rows in the API (`temperature-123`): FHIR id characters only. */
  idPrefix: string;
  /** Its value columns, named as the reading's fields. */
  values: readonly string[];
  unit: string;
  /** A fixed order among kinds, for rows of one instant and one sensor in several tables. */
  rank: number;
}

/** Where each kind of reading is stored and how the read API names it. */
export const KIND_TABLES: Record<ReadingKind, KindTable> = {
  temperature: {
    table: 'temperature',
    idPrefix: 'temperature',
    values: ['value'],
    unit: 'C',
    rank: 0,
  },
  heartRate: {
    table: 'heart_rate',
    idPrefix: 'heart-rate',
    values: ['value'],
    unit: 'bpm',
    rank: 1,
  },
  pressure: {
    table: 'pressure',
    idPrefix: 'pressure',
    values: ['systolic', 'diastolic'],
    unit: 'mmHg',
    rank: 2,
  },
};
