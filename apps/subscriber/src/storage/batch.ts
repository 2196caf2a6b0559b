import type { Reading, ReadingKind } from '@healthcare/contracts';
import { checkedReadingId } from '../readings/reading-id.js';

interface Received {
  topic: string;
  /** The payload as received, kept to record it if the database refuses the reading. */
  payload: string;
  receivedAt: Date;
}

/** A valid reading on its way to its table. */
export type ReadingItem = {
  [K in ReadingKind]: Received & {
    kind: K;
    reading: Reading<K>;
    /** Its reading id as it came (readingIdProperty): checkedReadingId where shown. */
    readingIdProperty?: unknown;
  };
}[ReadingKind];

/** A message that is not a valid reading, on its way to rejected_message. */
export type RejectionItem = Received & {
  kind: 'rejected';
  reason: string;
  /** The id the gateway gave the reading (its MQTT 5 Correlation Data), when it had one. */
  readingId?: string;
};

export type BatchItem = ReadingItem | RejectionItem;

export interface WriteResult {
  /** Rows added to the reading tables. */
  inserted: number;
  /** Readings already stored (redelivered, or sent twice), left as they were. */
  duplicates: number;
  /** Readings whose key was stored with other values: the stored ones kept, both recorded. */
  conflicts: number;
  /** Rows added to rejected_message. */
  rejected: number;
  /** `stored_at - timestamp` of each reading stored, in seconds. */
  sendToCommitSeconds: number[];
  /** The conflictKey (statements.ts) of each reading that conflicted. */
  conflictKeys: string[];
}

/** Writes one batch in one transaction. */
export interface BatchStore {
  write(items: BatchItem[]): Promise<WriteResult>;
}

/** The most of a rejected payload that is kept: readings are about 100 bytes. */
export const MAX_STORED_PAYLOAD = 16 * 1024;
/** The most of a rejection's reason that is kept: the contracts list a bounded number of errors. */
export const MAX_STORED_REASON = 2 * 1024;

/** A rejected message as it can be stored: text without NUL (PostgreSQL refuses it), bounded. */
export function rejection(
  topic: string,
  payload: string,
  reason: string,
  receivedAt: Date,
  readingIdProperty?: unknown,
): RejectionItem {
  return {
    kind: 'rejected',
    topic,
    readingId: checkedReadingId(readingIdProperty),
    payload: storable(cut(payload, MAX_STORED_PAYLOAD)),
    reason: storable(cut(reason, MAX_STORED_REASON)),
    receivedAt,
  };
}

/** At most `max` characters of the text, cut first so that nothing larger is ever copied. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (truncated, ${text.length} characters)`;
}

/** Without NUL, which PostgreSQL text cannot hold, and well formed: a cut may split a surrogate pair. */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\\u0000').toWellFormed();
}
