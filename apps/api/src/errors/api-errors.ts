/** A field of a request that was refused, with what is wrong with it. */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** No token, or one that is unknown, disabled or outside its validity window. */
export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
  constructor(readonly tokenGiven: boolean) {
    super(tokenGiven ? 'the token is not valid' : 'a reader token is required');
  }
}

/** A reader asked for what its scope does not cover (another patient, or a write). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A query or body that breaks the rules (type, size, range). */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The request is valid but conflicts with what is stored (an overlapping assignment). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The database did not answer in time or is away. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'too_large'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  too_large: 413,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export interface ApiProblem {
  code: ApiErrorCode;
  message: string;
  problems?: FieldProblem[];
}
