import {
  Catch,
  HttpException,
  HttpStatus,
  type ArgumentsHost,
  type HttpServer,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReadingRefusals } from '../metrics/reading-refusals.js';
import { identify } from '../readings/identify.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { TEMPERATURE_ROUTE } from '../temperature/temperature.route.js';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './gateway-errors.js';
import { httpAnswer } from './http-answer.js';

export { HTTP_STATUS, RETRY_AFTER_SECONDS, wwwAuthenticate } from './http-answer.js';

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
    const answer = httpAnswer(error);
    if (!answer) return super.catch(err, host);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (request.url.split('?')[0] === `/${TEMPERATURE_ROUTE}`) {
      const body = typeof request.body === 'string' ? request.body : '';
      this.refusals.refused('temperature', error, identify(body).sensor_id);
    }
    const reply = http.getResponse<FastifyReply>();
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    void reply.status(answer.status).send(answer.frame);
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
