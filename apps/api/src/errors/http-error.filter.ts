import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_CONTENT_TYPE, isFhirPath, operationOutcome } from '../fhir/operation-outcome.js';
import { HTTP_STATUS, type ApiProblem } from './api-errors.js';
import { toProblem } from './to-problem.js';

export const REALM = 'healthcare-api';

/**
 * Every error of the API as its answer: an OperationOutcome under /fhir, a JSON error elsewhere;
 * 401 with the WWW-Authenticate challenge; unexpected errors logged, never shown.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(err);
    if (problem.code === 'internal') {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    const status = HTTP_STATUS[problem.code];
    if (status === 401) void reply.header('WWW-Authenticate', challenge(request));
    if (status === 503) void reply.header('Retry-After', '5');
    if (isFhirPath(request.url)) {
      void reply.status(status).type(FHIR_CONTENT_TYPE).send(operationOutcome(problem));
    } else {
      void reply.status(status).send(jsonError(problem));
    }
  }
}

/** RFC 6750: a token that was sent and refused is `invalid_token`; none sent, just the realm. */
function challenge(request: FastifyRequest): string {
  return request.headers.authorization
    ? `Bearer realm="${REALM}", error="invalid_token"`
    : `Bearer realm="${REALM}"`;
}

function jsonError(problem: ApiProblem) {
  return {
    status: 'error',
    error: problem.code,
    message: problem.message,
    ...(problem.problems?.length ? { errors: problem.problems } : {}),
  };
}
