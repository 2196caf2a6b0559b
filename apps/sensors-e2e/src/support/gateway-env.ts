/** A stopping gateway waits at most 2 s for readings in flight, so restarts mid-stream stay quick. */
export const GATEWAY_ENV = { SHUTDOWN_TIMEOUT_MS: '2000' };
