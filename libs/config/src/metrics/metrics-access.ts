import { timingSafeEqual, createHash } from 'node:crypto';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Whether a request may read the metrics: with a token, only one that sends it as a Bearer
 * token (401 otherwise); without one, only a client on this machine (403 otherwise).
 */
export function metricsAccess(
  token: string,
  authorization: string | undefined,
  remoteAddress: string | undefined,
): MetricsAccess {
  if (token === '') return LOOPBACK.test(remoteAddress ?? '') ? 'allowed' : 'forbidden';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match && sameSecret(match[1], token) ? 'allowed' : 'unauthorized';
}

/** Compared as digests, so that neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
