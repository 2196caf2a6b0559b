import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGenerator } from '../generators/readings.js';
import type { RetryEvent } from '../outcome.js';
import { RestSensorClient } from './rest.client.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A stand-in for the gateway's REST side that counts TCP connections. */
class FakeGateway {
  connections = 0;
  bodies: string[] = [];
  handler: Handler = (_req, _body, res) => res.end('{"status":"received"}');
  private constructor(readonly server: Server) {}

  static async start(): Promise<FakeGateway> {
    const server = createServer();
    const gateway = new FakeGateway(server);
    server.on('connection', () => gateway.connections++);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        gateway.bodies.push(body);
        gateway.handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const next = createGenerator('temperature');
const fast = { initialMs: 10, maxMs: 50, factor: 2 };

describe('RestSensorClient', () => {
  let gateway: FakeGateway;
  let client: RestSensorClient;

  beforeEach(async () => {
    gateway = await FakeGateway.start();
  });
  afterEach(async () => {
    await client.close();
    await gateway.close();
  });

  it('POSTs the reading as JSON to /temperature', async () => {
    let seen: { method?: string; url?: string; type?: string } = {};
    gateway.handler = (req, _body, res) => {
      seen = { method: req.method, url: req.url, type: req.headers['content-type'] };
      res.end('{"status":"received"}');
    };
    client = new RestSensorClient({ baseUrl: gateway.url });
    const reading = next('Temp_001');
    await expect(client.send(reading)).resolves.toEqual({ status: 'accepted', attempts: 1 });
    expect(seen).toEqual({ method: 'POST', url: '/temperature', type: 'application/json' });
    expect(gateway.bodies).toEqual([JSON.stringify(reading)]);
  });

  it('keeps one connection alive across sequential readings', async () => {
    client = new RestSensorClient({ baseUrl: gateway.url });
    for (let i = 0; i < 25; i++) {
      expect((await client.send(next('Temp_001'))).status).toBe('accepted');
    }
    expect(gateway.connections).toBe(1);
  });

  it('sends concurrently on at most maxSockets reused connections', async () => {
    client = new RestSensorClient({ baseUrl: gateway.url, maxSockets: 4 });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.send(next(`Temp_${i}`))),
    );
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(gateway.bodies).toHaveLength(100);
    expect(gateway.connections).toBeGreaterThan(1);
    expect(gateway.connections).toBeLessThanOrEqual(4);
  });

  it('retries a 503 with backoff, within the cap despite Retry-After, until accepted', async () => {
    let answered = 0;
    gateway.handler = (_req, _body, res) => {
      if (++answered <= 3) {
        res.writeHead(503, { 'retry-after': '5', 'content-type': 'application/json' });
        res.end('{"status":"error","error":"unavailable","message":"broker away"}');
      } else res.end('{"status":"received"}');
    };
    const retries: RetryEvent[] = [];
    client = new RestSensorClient({
      baseUrl: gateway.url,
      backoff: fast,
      onRetry: (e) => retries.push(e),
    });
    const reading = next('Temp_001');
    await expect(client.send(reading)).resolves.toEqual({ status: 'accepted', attempts: 4 });
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(retries.every((r) => r.delayMs === 50)).toBe(true);
    expect(retries[0]).toMatchObject({ sensorId: 'Temp_001', reason: 'HTTP 503: broker away' });
    expect(new Set(gateway.bodies)).toEqual(new Set([JSON.stringify(reading)]));
  });

  it.each([
    [400, 'invalid_reading'],
    [413, 'too_large'],
  ])('reports a %i as a rejection at once, without retrying', async (status, error) => {
    const errors = [{ field: 'value', messages: ['value must be between 25 and 45 C'] }];
    gateway.handler = (_req, _body, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', error, message: 'refused', errors }));
    };
    client = new RestSensorClient({ baseUrl: gateway.url, backoff: fast });
    await expect(client.send(next('Temp_001'))).resolves.toEqual({
      status: 'rejected',
      attempts: 1,
      code: error,
      message: 'refused',
      errors,
    });
    expect(gateway.bodies).toHaveLength(1);
  });

  it('retries while nothing listens, and gives up after maxAttempts', async () => {
    const url = gateway.url;
    await gateway.close();
    const retries: RetryEvent[] = [];
    client = new RestSensorClient({
      baseUrl: url,
      backoff: fast,
      maxAttempts: 3,
      onRetry: (e) => retries.push(e),
    });
    const outcome = await client.send(next('Temp_001'));
    expect(outcome).toMatchObject({ status: 'abandoned', attempts: 3 });
    expect(retries).toHaveLength(2);
    expect(retries[0].reason).toMatch(/ECONNREFUSED/);
    gateway = await FakeGateway.start();
  });

  it('retries a request that gets no answer in time', async () => {
    let answered = 0;
    gateway.handler = (_req, _body, res) => {
      if (++answered > 1) res.end('{"status":"received"}');
    };
    client = new RestSensorClient({ baseUrl: gateway.url, backoff: fast, timeoutMs: 200 });
    await expect(client.send(next('Temp_001'))).resolves.toEqual({
      status: 'accepted',
      attempts: 2,
    });
  });

  it('close() abandons readings still waiting for the gateway', async () => {
    gateway.handler = (_req, _body, res) => {
      res.writeHead(503);
      res.end();
    };
    client = new RestSensorClient({ baseUrl: gateway.url, backoff: { initialMs: 5000 } });
    const sending = client.send(next('Temp_001'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();
    await expect(sending).resolves.toMatchObject({ status: 'abandoned', attempts: 1 });
  });
});
