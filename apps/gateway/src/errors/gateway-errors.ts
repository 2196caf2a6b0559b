import { InvalidReadingError, type ErrorFrame } from '@healthcare/contracts';

/**
 * The broker did not take the reading (down, reconnecting, no PUBACK in time, or no subscriber
 * on its topic, so the broker dropped it).
 */
export class BrokerUnavailableError extends Error {
  override name = 'BrokerUnavailableError';

  constructor(
    message: string,
    readonly reason: BrokerRefusal = 'broker_unavailable',
  ) {
    super(message);
  }
}

/** Why the broker did not take a reading, as the refusal metrics name it. */
export type BrokerRefusal =
  'broker_unavailable' | 'broker_refused' | 'no_subscriber' | 'publish_timeout' | 'shutting_down';

/**
 * The gateway holds as many readings as it may for the broker (in all, or for one WebSocket):
 * refused at once rather than queued. Devices retry it like an unavailable broker.
 */
export class GatewayOverloadedError extends Error {
  override name = 'GatewayOverloadedError';
}

/** The gateway has not read the device registry yet (it is starting): retry shortly. */
export class NotReadyError extends Error {
  override name = 'NotReadyError';
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

/** No valid device token: missing, unknown, or outside its validity window. */
export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
  /** Whether a token was given at all (RFC 6750: `error="invalid_token"` only then). */
  constructor(
    message: string,
    readonly tokenGiven: boolean,
  ) {
    super(message);
  }
}

/** The token's device may not send this reading: another sensor_id, another kind, or disabled. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
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
  if (err instanceof UnauthenticatedError) {
    return { status: 'error', error: 'unauthenticated', message: err.message };
  }
  if (err instanceof ForbiddenError) {
    return { status: 'error', error: 'forbidden', message: err.message };
  }
  if (
    err instanceof BrokerUnavailableError ||
    err instanceof GatewayOverloadedError ||
    err instanceof NotReadyError
  ) {
    return { status: 'error', error: 'unavailable', message: err.message };
  }
  return undefined;
}

export const INTERNAL_ERROR: ErrorFrame = {
  status: 'error',
  error: 'unavailable',
  message: 'internal error; the reading was not accepted, retry later',
};

/** Why a reading was refused: the `reason` label of the refusal metrics (a short, fixed set). */
export type RefusalReason =
  | 'invalid_reading'
  | 'malformed_json'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'forbidden'
  | 'overloaded'
  | 'internal'
  | BrokerRefusal;

export function refusalReason(err: unknown): RefusalReason {
  if (err instanceof BrokerUnavailableError) return err.reason;
  if (err instanceof GatewayOverloadedError) return 'overloaded';
  const code = toErrorFrame(err)?.error;
  return code === undefined || code === 'unavailable' ? 'internal' : code;
}
