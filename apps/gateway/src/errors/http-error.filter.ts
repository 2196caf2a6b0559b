import { Catch, HttpException, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ErrorCode } from '@healthcare/contracts';
import type { FastifyReply } from 'fastify';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { PayloadTooLargeError, toErrorFrame, UnauthenticatedError } from './gateway-errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_reading: 400,
  malformed_json: 400,
  too_large: 413,
  unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
};

/** Seconds a device should wait before sending again when the broker is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * REST answers for the gateway's typed errors, and for Fastify's 413 on a body past the limit;
 * everything else keeps Nest's default handling.
 */
@Catch()
export class HttpErrorFilter extends BaseExceptionFilter {
  override catch(err: unknown, host: ArgumentsHost): void {
    const frame = toErrorFrame(isTooLarge(err) ? tooLarge() : err);
    if (!frame) return super.catch(err, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = HTTP_STATUS[frame.error];
    if (status === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (err instanceof UnauthenticatedError) {
      void reply.header('WWW-Authenticate', wwwAuthenticate(err));
    }
    void reply.status(status).send(frame);
  }
}

/** RFC 6750's challenge: the scheme alone when no token came, `invalid_token` for a bad one. */
export function wwwAuthenticate(err: UnauthenticatedError): string {
  return err.tokenGiven ? 'Bearer error="invalid_token"' : 'Bearer';
}

function isTooLarge(err: unknown): boolean {
  return err instanceof HttpException && err.getStatus() === Number(HttpStatus.PAYLOAD_TOO_LARGE);
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(`a reading must not exceed ${MAX_READING_BYTES} bytes`);
}
