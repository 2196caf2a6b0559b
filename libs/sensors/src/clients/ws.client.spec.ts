import type { GatewayFrame } from '@healthcare/contracts';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createGenerator } from '../generators/readings.js';
import type { Outcome, RetryEvent } from '../outcome.js';
import { WsSensorClient } from './ws.client.js';

interface Received {
  socket: WebSocket;
  text: string;
  reading: { sensor_id: string; date: string; value: unknown };
}

/** A stand-in for the gateway's /heartrate socket; `onReading` decides each answer. */
class FakeGateway {
  received: Received[] = [];
  connections = 0;
  onReading: (r: Received) => void = (r) => ack(r);
  private constructor(private server: WebSocketServer) {}

  static async start(port = 0): Promise<FakeGateway> {
    const gateway = new FakeGateway(await listen(port));
    gateway.attach();
    return gateway;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/heartrate`;
  }

  /** Drops every connection, as a crash would. */
  dropAll(): void {
    for (const client of this.server.clients) client.terminate();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private attach(): void {
    this.server.on('connection', (socket) => {
      this.connections++;
      socket.on('message', (data: Buffer) => {
        const text = data.toString();
        const received = { socket, text, reading: JSON.parse(text) as Received['reading'] };
        this.received.push(received);
        this.onReading(received);
      });
    });
  }
}

async function listen(port: number): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/heartrate' });
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

function answer(r: Received, frame: GatewayFrame): void {
  r.socket.send(JSON.stringify(frame));
}

function ack(r: Received): void {
  answer(r, { status: 'received', sensor_id: r.reading.sensor_id, date: r.reading.date });
}

function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

const next = createGenerator('heartRate');
const fast = { initialMs: 10, maxMs: 50, factor: 2 };

describe('WsSensorClient', () => {
  let gateway: FakeGateway;
  let client: WsSensorClient;

  beforeEach(async () => {
    gateway = await FakeGateway.start();
  });
  afterEach(async () => {
    await client.close();
    await gateway.close();
  });

  it('pipelines readings on one connection and matches acks that come back out of order', async () => {
    const held: Received[] = [];
    gateway.onReading = (r) => held.push(r);
    client = new WsSensorClient({ url: gateway.url });
    const readings = Array.from({ length: 50 }, (_, i) => next(`Heart_${i % 5}`));
    const sending = readings.map((r) => client.send(r));
    await waitUntil(() => held.length === 50);
    held.reverse().forEach(ack);
    const outcomes = await Promise.all(sending);
    expect(outcomes.every((o) => o.status === 'accepted' && o.attempts === 1)).toBe(true);
    expect(gateway.received.map((r) => r.text)).toEqual(readings.map((r) => JSON.stringify(r)));
    expect(gateway.connections).toBe(1);
  });

  it('after a dropped connection, reconnects and resends every reading not yet acked', async () => {
    let dropped = false;
    gateway.onReading = (r) => {
      if (dropped) return ack(r);
      // acks the first 10, then the connection dies with readings unanswered
      if (gateway.received.length <= 10) ack(r);
      if (gateway.received.length === 20) {
        dropped = true;
        gateway.dropAll();
      }
    };
    const retries: RetryEvent[] = [];
    client = new WsSensorClient({
      url: gateway.url,
      backoff: fast,
      onRetry: (e) => retries.push(e),
    });
    const readings = Array.from({ length: 30 }, () => next('Heart_001'));
    const outcomes = await Promise.all(readings.map((r) => client.send(r)));

    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(outcomes.slice(0, 10).every((o) => o.attempts === 1)).toBe(true);
    // all 30 were written on the first connection; those without an ack went again on the second
    expect(outcomes.slice(10).every((o) => o.attempts === 2)).toBe(true);
    const texts = gateway.received.map((r) => r.text);
    const times = (r: object) => texts.filter((t) => t === JSON.stringify(r)).length;
    expect(readings.slice(0, 10).map(times)).toEqual(Array(10).fill(1));
    expect(readings.slice(10, 20).map(times)).toEqual(Array(10).fill(2));
    expect(readings.slice(20).every((r) => times(r) >= 1)).toBe(true);
    expect(gateway.connections).toBe(2);
    expect(retries.length).toBeGreaterThanOrEqual(10);
  });

  it('keeps readings sent while the gateway is down and delivers them once it is back', async () => {
    client = new WsSensorClient({ url: gateway.url, backoff: fast });
    await expect(client.send(next('Heart_001'))).resolves.toMatchObject({ status: 'accepted' });
    const port = gateway.port;
    await gateway.close();
    const waiting = Array.from({ length: 5 }, () => client.send(next('Heart_001')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    gateway = await FakeGateway.start(port);
    const outcomes = await Promise.all(waiting);
    expect(outcomes.every((o) => o.status === 'accepted' && o.attempts > 1)).toBe(true);
    expect(gateway.received).toHaveLength(5);
  });

  it('writes a reading answered "unavailable" again after a backoff', async () => {
    gateway.onReading = (r) => {
      if (gateway.received.length <= 2) {
        answer(r, {
          status: 'error',
          error: 'unavailable',
          message: 'the MQTT broker is not reachable',
          sensor_id: r.reading.sensor_id,
          date: r.reading.date,
        });
      } else ack(r);
    };
    const retries: RetryEvent[] = [];
    client = new WsSensorClient({
      url: gateway.url,
      backoff: fast,
      onRetry: (e) => retries.push(e),
    });
    await expect(client.send(next('Heart_001'))).resolves.toEqual({
      status: 'accepted',
      attempts: 3,
    });
    expect(retries.map((r) => r.reason)).toEqual([
      'unavailable: the MQTT broker is not reachable',
      'unavailable: the MQTT broker is not reachable',
    ]);
  });

  it('reports an invalid reading as a rejection without retrying; the others go through', async () => {
    const errors = [{ field: 'value', messages: ['value must be between 20 and 300 bpm'] }];
    gateway.onReading = (r) => {
      if (r.reading.value !== 500) return ack(r);
      answer(r, {
        status: 'error',
        error: 'invalid_reading',
        message: 'invalid heartRate reading',
        errors,
        sensor_id: r.reading.sensor_id,
        date: r.reading.date,
      });
    };
    client = new WsSensorClient({ url: gateway.url, backoff: fast });
    const bad = { ...next('Heart_001'), value: 500 };
    const outcomes = await Promise.all(
      [next('Heart_001'), bad, next('Heart_001')].map((r) => client.send(r)),
    );
    expect(outcomes).toEqual<Outcome[]>([
      { status: 'accepted', attempts: 1 },
      {
        status: 'rejected',
        attempts: 1,
        code: 'invalid_reading',
        message: 'invalid heartRate reading',
        errors,
      },
      { status: 'accepted', attempts: 1 },
    ]);
    expect(gateway.received).toHaveLength(3);
  });

  it('drops a connection that leaves a reading unanswered past the timeout, then resends', async () => {
    gateway.onReading = (r) => {
      if (gateway.connections > 1) ack(r);
    };
    client = new WsSensorClient({ url: gateway.url, backoff: fast, timeoutMs: 200 });
    await expect(client.send(next('Heart_001'))).resolves.toEqual({
      status: 'accepted',
      attempts: 2,
    });
  });

  it('gives up after maxAttempts while nothing listens; close() abandons the rest', async () => {
    const url = gateway.url;
    await gateway.close();
    client = new WsSensorClient({ url, backoff: fast, maxAttempts: 3 });
    await expect(client.send(next('Heart_001'))).resolves.toMatchObject({
      status: 'abandoned',
      attempts: 3,
    });
    await client.close();
    client = new WsSensorClient({ url, backoff: { initialMs: 5000 } });
    const sending = client.send(next('Heart_001'));
    await client.close();
    await expect(sending).resolves.toMatchObject({ status: 'abandoned' });
    await expect(client.send(next('Heart_001'))).resolves.toMatchObject({ status: 'abandoned' });
    gateway = await FakeGateway.start();
  });
});
