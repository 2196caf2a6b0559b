import type { FieldError, Reading, ReadingKind } from '@healthcare/contracts';

/**
 * What became of one reading. `rejected` is final (the gateway refused it: 400, 413,
 * INVALID_ARGUMENT, an invalid_reading frame); `abandoned` means the client stopped trying
 * (closed, or `maxAttempts` reached) while the gateway was unavailable.
 */
export type Outcome =
  | { status: 'accepted'; attempts: number }
  | {
      status: 'rejected';
      attempts: number;
      /** The gateway's error code (invalid_reading, too_large, ...) or the protocol's status. */
      code: string;
      message: string;
      errors?: FieldError[];
    }
  | { status: 'abandoned'; attempts: number; message: string };

/** One device protocol. `send` settles once the gateway has answered for good; it never rejects. */
export interface SensorClient<K extends ReadingKind = ReadingKind> {
  readonly kind: K;
  send(reading: Reading<K>): Promise<Outcome>;
  /** Stops at once: readings not yet accepted are settled as `abandoned`. */
  close(): Promise<void>;
}

/** Reported before each retry, so callers can log that the gateway is away. */
export interface RetryEvent {
  sensorId: string;
  /** Attempts made so far. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export function abandoned(attempts: number, message: string): Outcome {
  return { status: 'abandoned', attempts, message };
}
