import type { ClientTls } from '@healthcare/config';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { RetryEvent } from './outcome.js';

/** What every client accepts besides its address. */
export interface ClientOptions {
  backoff?: Partial<BackoffOptions>;
  /** Attempts before a reading is abandoned; unlimited by default (a sensor keeps trying). */
  maxAttempts?: number;
  /** How long one attempt may wait for the gateway's answer. */
  timeoutMs?: number;
  onRetry?: (event: RetryEvent) => void;
  /**
   * TLS to the gateway: the CA its certificate is checked against (else the system's) and the
   * device's own certificate. REST and WebSocket take it for https:// and wss:// addresses; gRPC
   * speaks TLS when it is given.
   */
  tls?: ClientTls;
  /** The device's token, sent as `Authorization: Bearer <token>` (none when the gateway needs none). */
  token?: string;
}

/** The Authorization header value for a token, if any. */
export function authorization(token: string | undefined): string | undefined {
  return token ? `Bearer ${token}` : undefined;
}

export interface ResolvedClientOptions {
  backoff: BackoffOptions;
  maxAttempts: number;
  timeoutMs: number;
  onRetry: (event: RetryEvent) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export function resolveOptions(options: ClientOptions): ResolvedClientOptions {
  return {
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    maxAttempts: options.maxAttempts ?? Infinity,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    onRetry: options.onRetry ?? (() => undefined),
  };
}
