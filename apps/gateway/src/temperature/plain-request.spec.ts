import type { IncomingMessage } from 'node:http';
import { plainReadingRequest } from './plain-request.js';

const request = (
  headers: Record<string, string>,
  { method = 'POST', url = '/temperature' } = {},
): IncomingMessage => ({ method, url, headers }) as unknown as IncomingMessage;

const json = { 'content-type': 'application/json', 'content-length': '80' };

describe('plainReadingRequest', () => {
  it.each([
    ['a JSON POST within the limit', request(json)],
    ['with charset=utf-8', request({ ...json, 'content-type': 'application/json; charset=utf-8' })],
    ['exactly at the limit', request({ ...json, 'content-length': '100' })],
  ])('takes %s', (_, r) => {
    expect(plainReadingRequest(r, '/temperature', 100)).toBe(true);
  });

  it.each([
    ['another method', request(json, { method: 'PUT' })],
    ['another path', request(json, { url: '/temperature/' })],
    ['a query string', request(json, { url: '/temperature?x=1' })],
    ['no content type', request({ 'content-length': '80' })],
    ['a form', request({ ...json, 'content-type': 'application/x-www-form-urlencoded' })],
    ['JSON in capitals', request({ ...json, 'content-type': 'Application/JSON' })],
    ['no length', request({ 'content-type': 'application/json' })],
    ['past the limit', request({ ...json, 'content-length': '101' })],
    ['a length that is not a number', request({ ...json, 'content-length': '8e1' })],
    ['a chunked body', request({ ...json, 'transfer-encoding': 'chunked' })],
  ])('leaves %s to Fastify', (_, r) => {
    expect(plainReadingRequest(r, '/temperature', 100)).toBe(false);
  });
});
