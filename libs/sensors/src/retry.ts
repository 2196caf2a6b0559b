import type { FieldError } from '@healthcare/contracts';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from './backoff.js';
import type { ResolvedClientOptions } from './client-options.js';
import { abandoned, type Outcome } from './outcome.js';

/** The gateway's answer to one attempt, as a request/response client sees it. */
export type AttemptResult =
  | { kind: 'accepted' }
  | { kind: 'rejected'; code: string; message: string; errors?: FieldError[] }
  | { kind: 'transient'; reason: string; retryAfterMs?: number };

/**
 * Repeats `attempt` with capped exponential backoff while the answer is transient, until it is
 * accepted or rejected, `maxAttempts` is reached, or `closing` is aborted.
 */
export async function withRetry(
  sensorId: string,
  attempt: () => Promise<AttemptResult>,
  options: ResolvedClientOptions,
  closing: AbortSignal,
): Promise<Outcome> {
  for (let attempts = 1; ; attempts++) {
    const result = await attempt();
    if (result.kind === 'accepted') return { status: 'accepted', attempts };
    if (result.kind === 'rejected') {
      const { code, message, errors } = result;
      return { status: 'rejected', attempts, code, message, ...(errors ? { errors } : {}) };
    }
    if (closing.aborted) return abandoned(attempts, `client closed (${result.reason})`);
    if (attempts >= options.maxAttempts) {
      return abandoned(attempts, `gave up after ${attempts} attempts: ${result.reason}`);
    }
    const delayMs = backoffDelay(attempts, options.backoff, result.retryAfterMs);
    options.onRetry({ sensorId, attempt: attempts, delayMs, reason: result.reason });
    if (!(await pause(delayMs, closing))) {
      return abandoned(attempts, `client closed (${result.reason})`);
    }
  }
}

/** false when `signal` aborted the pause. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** An abort controller for a client or loop: every concurrent send or device listens to it. */
export function shutdownController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
