import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpLoadClient, parseResponse } from './http-client.js';
import { ReadingSource } from './readings.js';

describe('parseResponse', () => {
  const ok = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 21\r\n\r\n';
  const body = '{"status":"received"}';

  it('needs the whole body before it answers', () => {
    expect(parseResponse(ok)).toBeUndefined();
    expect(parseResponse(ok + body.slice(0, 5))).toBeUndefined();
    expect(parseResponse(ok + body)).toEqual({ status: 200, length: ok.length + body.length });
  });

  it('reads the status of an error and one response at a time', () => {
    const bad = 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}';
    expect(parseResponse(bad + ok + body)).toEqual({ status: 503, length: bad.length });
  });

  it('finds the end of a chunked body', () => {
    const chunked =
      'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    expect(parseResponse(chunked.slice(0, -2))).toBeUndefined();
    expect(parseResponse(chunked)).toEqual({ status: 400, length: chunked.length });
  });
});

describe('HttpLoadClient', () => {
  let server: Server;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(bodies.length % 3 === 0 ? 400 : 200, { 'content-length': 2 });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('posts fresh readings over its connections and reports each answer', async () => {
    const port = (server.address() as AddressInfo).port;
    const client = await HttpLoadClient.connect(
      port,
      '/temperature',
      2,
      new ReadingSource('temperature'),
    );
    const answers = await Promise.all(
      Array.from(
        { length: 9 },
        () => new Promise<string | undefined>((resolve) => client.send(resolve)),
      ),
    );
    await client.close();
    expect(answers.filter((a) => a === undefined)).toHaveLength(6);
    expect(answers.filter((a) => a === 'HTTP 400')).toHaveLength(3);
    expect(new Set(bodies).size).toBe(9);
    expect(JSON.parse(bodies[0])).toMatchObject({ unit: 'C' });
  });
});
