import { InvalidReadingError, type ErrorFrame } from '@healthcare/contracts';

/**
 * The broker did not take the reading (down, reconnecting, no PUBACK in time, or no subscriber
 * on its topic, so the broker dropped it).
 */
export class BrokerUnavailableError extends Error {
  override name = 'BrokerUnavailableError';
}

/**
 * The gateway holds as many readings as it may for the broker (in all, or for one WebSocket):
 * refused at once rather than queued. Devices retry it like an unavailable broker.
 */
export class GatewayOverloadedError extends Error {
  override name = 'GatewayOverloadedError';
}

export class MalformedJsonError extends Error {
  override name = 'MalformedJsonError';
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

/** A REST body that is not JSON (a form or text, as a browser page may send anywhere). */
export class UnsupportedMediaTypeError extends Error {
  override name = 'UnsupportedMediaTypeError';
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
  if (err instanceof UnsupportedMediaTypeError) {
    return { status: 'error', error: 'unsupported_media_type', message: err.message };
  }
  if (err instanceof BrokerUnavailableError || err instanceof GatewayOverloadedError) {
    return { status: 'error', error: 'unavailable', message: err.message };
  }
  return undefined;
}

export const INTERNAL_ERROR: ErrorFrame = {
  status: 'error',
  error: 'unavailable',
  message: 'internal error; the reading was not accepted, retry later',
};
