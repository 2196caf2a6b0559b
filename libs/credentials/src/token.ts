import { createHash, randomBytes } from 'node:crypto';

/** Random bytes per secret: 192 bits, beyond guessing, so a fast digest is enough to store it. */
const SECRET_BYTES = 24;
const PREFIX = 'hiot_';

/** What a token looks like: the prefix (so a leaked one is recognisable in logs and scanners), then base64url. */
export const TOKEN_PATTERN = /^hiot_[A-Za-z0-9_-]{32}$/;

/** A new secret for a device or a reader; shown once, stored only as its digest. */
export function newToken(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * What the registry stores and looks up: SHA-256 of the token. A token of this many random bits
 * cannot be found from its digest, so no slow password hash is needed on each request.
 */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The token of an `Authorization: Bearer <token>` header (HTTP, the WebSocket upgrade, gRPC
 * metadata), or undefined when the header is missing, of another scheme, or not token-shaped.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match && TOKEN_PATTERN.test(match[1]) ? match[1] : undefined;
}
