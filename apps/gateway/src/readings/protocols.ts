import type { ReadingKind } from '@healthcare/contracts';

export type Protocol = 'rest' | 'websocket' | 'grpc';

/** The protocol each kind of reading arrives by (the `protocol` label of the gateway's metrics). */
export const PROTOCOL_OF: Record<ReadingKind, Protocol> = {
  temperature: 'rest',
  heartRate: 'websocket',
  pressure: 'grpc',
};
