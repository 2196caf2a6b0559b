import type { ReadingKind } from '@healthcare/contracts';
import { KIND_TABLES } from '@healthcare/database';

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
