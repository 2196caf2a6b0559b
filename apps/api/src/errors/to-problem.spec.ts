import {
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AssignmentError } from '@healthcare/database';
import { operationOutcome } from '../fhir/operation-outcome.js';
import {
  ConflictError,
  ForbiddenError,
  HTTP_STATUS,
  InvalidRequestError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
} from './api-errors.js';
import { toProblem } from './to-problem.js';

const pgError = (code: string) => Object.assign(new Error('pg'), { code });

describe('every error, as the API answers it', () => {
  it.each([
    [new UnauthenticatedError(false), 401, 'login'],
    [new ForbiddenError('another patient'), 403, 'forbidden'],
    [new NotFoundError('Patient/x'), 404, 'not-found'],
    [new NotFoundException('Cannot GET /x'), 404, 'not-found'],
    [new InvalidRequestError('bad', [{ field: 'limit', messages: ['too big'] }]), 400, 'invalid'],
    [new PayloadTooLargeException(), 413, 'too-long'],
    [new ConflictError('overlap'), 409, 'conflict'],
    [new AssignmentError('overlap', 'overlaps'), 409, 'conflict'],
    [new AssignmentError('not_assigned', 'none open'), 404, 'not-found'],
    [new UnavailableError('away'), 503, 'transient'],
    [new ServiceUnavailableException(), 503, 'transient'],
    [pgError('57014'), 503, 'transient'],
    [pgError('08006'), 503, 'transient'],
    [new Error('connect ECONNREFUSED 127.0.0.1:5432'), 503, 'transient'],
    [pgError('22008'), 400, 'invalid'],
    [new TypeError('a bug'), 500, 'exception'],
  ])('%p is %p, an OperationOutcome of %p', (err, status, issue) => {
    const problem = toProblem(err);
    expect(HTTP_STATUS[problem.code]).toBe(status);
    expect(operationOutcome(problem).issue[0].code).toBe(issue);
  });

  it('never shows the message of an unexpected error', () => {
    expect(toProblem(new TypeError('secret detail')).message).toBe('internal error');
  });
});
