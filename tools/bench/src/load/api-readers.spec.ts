import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiReaders, type ReadQuery } from './api-readers.js';

describe('ApiReaders', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      const status = req.url?.startsWith('/missing') ? 404 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [1, 2, 3] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const query = (name: string, path: string): ReadQuery => ({
    name,
    path: () => path,
    items: (body) => (body as { items: unknown[] }).items.length,
  });

  it('polls in turn with the token, times each answer and counts failures', async () => {
    const from = new Date();
    const readers = new ApiReaders(base, 'secret', 2, 20, [
      query('json', '/readings'),
      query('gone', '/missing'),
    ]);
    const began = performance.now();
    while (seen.length < 8) await new Promise((resolve) => setTimeout(resolve, 10));
    await readers.stop();
    const to = new Date();
    const ms = performance.now() - began;

    const answered = readers.between(from, to);
    expect(answered.json.ms.length).toBeGreaterThanOrEqual(3);
    expect(answered.json.items.every((n) => n === 3)).toBe(true);
    expect(answered.gone.ms).toEqual([]);
    expect(readers.errorSummary()['gone: HTTP 404']).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.authorization))).toEqual(new Set(['Bearer secret']));
    // at most one request per reader every 20 ms
    expect(seen.length).toBeLessThanOrEqual(2 * (ms / 20 + 2));
    expect(readers.between(to, new Date(to.getTime() + 1000)).json.ms).toEqual([]);
  });

  it('counts an answer its query finds wrong as a failure', async () => {
    const readers = new ApiReaders(base, 'secret', 1, 10, [
      {
        name: 'page',
        path: () => '/readings',
        items: () => {
          throw new Error('2 entries, not 100');
        },
      },
    ]);
    const before = seen.length;
    while (seen.length === before) await new Promise((resolve) => setTimeout(resolve, 10));
    await readers.stop();
    expect(readers.errorSummary()['page: 2 entries, not 100']).toBeGreaterThan(0);
  });
});
