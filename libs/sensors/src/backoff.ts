export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** No delay is longer than this, whatever the attempt or the server's Retry-After. */
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 5000, factor: 2 };

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential up to `maxMs`, with
 * "equal jitter" (between half and all of it) so that many devices do not retry in step.
 * A server's hint (Retry-After) lengthens the delay, still within `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  hintMs = 0,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** (attempt - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.min(options.maxMs, Math.max(jittered, hintMs)));
}
