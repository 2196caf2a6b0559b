import type { ErrorCode, ErrorFrame } from '@healthcare/contracts';
import { toErrorFrame, UnauthenticatedError } from './gateway-errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_reading: 400,
  malformed_json: 400,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
};

/** Seconds a device should wait before sending again when the broker is away. */
export const RETRY_AFTER_SECONDS = 5;

/** A typed error's REST answer: its status, the headers it adds, and the JSON frame. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  frame: ErrorFrame;
}

/** The REST answer of one of the gateway's typed errors; undefined for any other error. */
export function httpAnswer(err: unknown): HttpAnswer | undefined {
  const frame = toErrorFrame(err);
  if (!frame) return undefined;
  const status = HTTP_STATUS[frame.error];
  const headers: Record<string, string> = {};
  if (status === 503) headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
  if (err instanceof UnauthenticatedError) headers['WWW-Authenticate'] = wwwAuthenticate(err);
  return { status, headers, frame };
}

/** RFC 6750's challenge: the scheme alone when no token came, `invalid_token` for a bad one. */
export function wwwAuthenticate(err: UnauthenticatedError): string {
  return err.tokenGiven ? 'Bearer error="invalid_token"' : 'Bearer';
}
