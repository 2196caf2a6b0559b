import {
  Catch,
  HttpException,
  HttpStatus,
  type ArgumentsHost,
  type HttpServer,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ErrorCode } from '@healthcare/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadingRefusals } from '../metrics/reading-refusals.js';
import { identify } from '../readings/identify.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { TEMPERATURE_ROUTE } from '../temperature/temperature.route.js';
import {
  PayloadTooLargeError,
  toErrorFrame,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from './gateway-errors.js';

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

/**
 * REST answers for the gateway's typed errors, and for Fastify's 413 on a body past the limit
 * and 415 on a body that is not JSON; everything else keeps Nest's default handling.
 */
@Catch()
export class HttpErrorFilter extends BaseExceptionFilter {
  constructor(
    applicationRef: HttpServer | undefined,
    private readonly refusals: ReadingRefusals,
  ) {
    super(applicationRef);
  }

  override catch(err: unknown, host: ArgumentsHost): void {
    const error = fromFastify(err);
    const frame = toErrorFrame(error);
    if (!frame) return super.catch(err, host);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (request.url.split('?')[0] === `/${TEMPERATURE_ROUTE}`) {
      const body = typeof request.body === 'string' ? request.body : '';
      this.refusals.refused('temperature', error, identify(body).sensor_id);
    }
    const reply = http.getResponse<FastifyReply>();
    const status = HTTP_STATUS[frame.error];
    if (status === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (err instanceof UnauthenticatedError) {
      void reply.header('WWW-Authenticate', wwwAuthenticate(err));
    }
    void reply.status(status).send(frame);
  }
}

/** Fastify's refusals of a body, which reach the filter as Nest's HttpException. */
function fromFastify(err: unknown): unknown {
  if (!(err instanceof HttpException)) return err;
  switch (err.getStatus()) {
    case Number(HttpStatus.PAYLOAD_TOO_LARGE):
      return new PayloadTooLargeError(`a reading must not exceed ${MAX_READING_BYTES} bytes`);
    case Number(HttpStatus.UNSUPPORTED_MEDIA_TYPE):
      return new UnsupportedMediaTypeError(
        'a reading must be sent as content-type application/json',
      );
    default:
      return err;
  }
}

/** RFC 6750's challenge: the scheme alone when no token came, `invalid_token` for a bad one. */
export function wwwAuthenticate(err: UnauthenticatedError): string {
  return err.tokenGiven ? 'Bearer error="invalid_token"' : 'Bearer';
}
