/** The SQLSTATE of a pg error, also when TypeORM wrapped it in a QueryFailedError. */
export function sqlState(err: unknown): string | undefined {
  const driverError = (err as { driverError?: unknown } | undefined)?.driverError;
  const code =
    (driverError as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The database refused the data itself (class 22 data exception, 23 integrity violation): trying
 * the same rows again fails the same way. Anything else (no connection, shutdown, read-only,
 * disk full, serialization) may pass on a later attempt.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

/** Wrong credentials, missing database or privilege: waiting does not help. */
export function isConfigurationError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && /^(28|3D|42)/.test(state);
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // TypeORM's way of saying the connection died under a query (e.g. the server shut down)
  if (err.name === 'QueryRunnerAlreadyReleasedError') return 'the database connection was lost';
  const state = sqlState(err);
  const message = err.message || (err as { code?: string }).code || err.name;
  return state ? `${message} (SQLSTATE ${state})` : message;
}
