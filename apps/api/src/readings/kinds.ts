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

/** Where each kind of reading is stored and how the API names it. */
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

/** A reading's id in the API: its kind and its row, stable for as long as the row exists. */
export function readingId(kind: ReadingKind, rowId: number): string {
  return `${KIND_TABLES[kind].idPrefix}-${rowId}`;
}

/** The kind and row of an id made by readingId, or undefined. */
export function parseReadingId(id: string): { kind: ReadingKind; rowId: number } | undefined {
  const match = /^([a-z-]+)-([1-9][0-9]{0,9})$/.exec(id);
  if (!match) return undefined;
  const entry = Object.entries(KIND_TABLES).find(([, t]) => t.idPrefix === match[1]);
  const rowId = Number(match[2]);
  if (!entry || rowId > 2_147_483_647) return undefined;
  return { kind: entry[0] as ReadingKind, rowId };
}
