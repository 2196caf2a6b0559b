import { InvalidReadingError, type ErrorFrame } from '@healthcare/contracts';

/** The broker did not take the reading (down, reconnecting, or no PUBACK in time). */
export class BrokerUnavailableError extends Error {
  override name = 'BrokerUnavailableError';
}

export class MalformedJsonError extends Error {
  override name = 'MalformedJsonError';
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

/** The answer a device gets for an error, whatever its protocol; undefined for unexpected ones. */
export function toErrorFrame(err: unknown): ErrorFrame | undefined {
  if (err instanceof InvalidReadingError) {
    return { status: 'error', error: 'invalid_reading', message: err.message, errors: err.errors };
  }
  if (err instanceof MalformedJsonError) {
    return { status: 'error', error: 'malformed_json', message: err.message };
  }
  if (err instanceof PayloadTooLargeError) {
    return { status: 'error', error: 'too_large', message: err.message };
  }
  if (err instanceof BrokerUnavailableError) {
    return { status: 'error', error: 'unavailable', message: err.message };
  }
  return undefined;
}

export const INTERNAL_ERROR: ErrorFrame = {
  status: 'error',
  error: 'unavailable',
  message: 'internal error; the reading was not accepted, retry later',
};
