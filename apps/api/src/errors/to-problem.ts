import { HttpException } from '@nestjs/common';
import { AssignmentError, isConfigurationError, sqlState } from '@healthcare/database';
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  TooManyError,
  UnauthenticatedError,
  UnavailableError,
  type ApiErrorCode,
  type ApiProblem,
} from './api-errors.js';

const BY_HTTP_STATUS: Record<number, ApiErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  413: 'too_large',
  415: 'invalid_request',
  // what GET /health throws while the database is away
  503: 'unavailable',
};

/** What any error means to a reader: one place for every kind, whatever the answer's format. */
export function toProblem(err: unknown): ApiProblem {
  if (err instanceof UnauthenticatedError) return { code: 'unauthorized', message: err.message };
  if (err instanceof ForbiddenError) return { code: 'forbidden', message: err.message };
  if (err instanceof NotFoundError) return { code: 'not_found', message: err.message };
  if (err instanceof InvalidRequestError) {
    return { code: 'invalid_request', message: err.message, problems: err.problems };
  }
  if (err instanceof ConflictError) return { code: 'conflict', message: err.message };
  if (err instanceof AssignmentError) {
    return {
      code: err.reason === 'overlap' ? 'conflict' : 'not_found',
      message: err.message,
    };
  }
  if (err instanceof TooManyError) return { code: 'too_many', message: err.message };
  if (err instanceof UnavailableError) return { code: 'unavailable', message: err.message };
  // Fastify's own refusals (unknown route, body too large, bad JSON) and Nest's
  const status = err instanceof HttpException ? err.getStatus() : httpStatusOf(err);
  const byStatus = status === undefined ? undefined : BY_HTTP_STATUS[status];
  if (byStatus) return { code: byStatus, message: (err as Error).message };
  const state = sqlState(err);
  // class 22: a value PostgreSQL cannot take (a date past the calendar in a cursor, say)
  if (state?.startsWith('22'))
    return { code: 'invalid_request', message: 'a parameter is out of range' };
  // 57014: statement_timeout; 08: connection; 53: resources; 57P: shutdown
  if (
    (state && /^(57014|08|53|57P)/.test(state)) ||
    isConnectionError(err) ||
    isConfigurationError(err)
  ) {
    return { code: 'unavailable', message: 'the database is not available; retry later' };
  }
  return { code: 'internal', message: 'internal error' };
}

function isConnectionError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /ECONNREFUSED|ECONNRESET|timeout|Connection terminated/i.test(message);
}

/** The status Fastify puts on its own errors (a body too large, malformed JSON). */
function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
