import { INTERNAL_ERROR, toErrorFrame, UnauthenticatedError } from '../errors/gateway-errors.js';
import { HTTP_STATUS, wwwAuthenticate } from '../errors/http-error.filter.js';

type Done = (
  ok: boolean,
  code?: number,
  message?: string,
  headers?: Record<string, string>,
) => void;

/**
 * A refused WebSocket upgrade answered as REST answers the same refusal: 401 (with its
 * `WWW-Authenticate` challenge) or 403, and the error frame as the JSON body; no socket is opened.
 */
export function refuseUpgrade(err: unknown, done: Done): void {
  const frame = toErrorFrame(err) ?? INTERNAL_ERROR;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (err instanceof UnauthenticatedError) headers['WWW-Authenticate'] = wwwAuthenticate(err);
  done(false, HTTP_STATUS[frame.error], JSON.stringify(frame), headers);
}
