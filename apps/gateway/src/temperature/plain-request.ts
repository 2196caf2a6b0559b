import type { IncomingMessage } from 'node:http';

/** The content types a plain reading request may give (what devices and the bench send). */
const PLAIN_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/json; charset=utf-8',
]);
const DIGITS = /^\d{1,9}$/;

/**
 * A POST to exactly `path` with a JSON body whose declared length is within `maxBytes`: nothing
 * for Fastify's parser or router to refuse or decide. node:http's parser holds the body to the
 * declared length, so no more than `maxBytes` is read.
 */
export function plainReadingRequest(
  request: IncomingMessage,
  path: string,
  maxBytes: number,
): boolean {
  if (request.method !== 'POST' || request.url !== path) return false;
  const { headers } = request;
  const type = headers['content-type'];
  const length = headers['content-length'];
  return (
    type !== undefined &&
    PLAIN_TYPES.has(type) &&
    length !== undefined &&
    DIGITS.test(length) &&
    Number(length) <= maxBytes &&
    headers['transfer-encoding'] === undefined
  );
}
