import { status as GrpcStatus } from '@grpc/grpc-js';
import { createGenerator } from '@healthcare/sensors';
import { GrpcDevice, WsDevice, httpRequest, waitFor } from '@healthcare/testing';
import { connect as connectHttp2 } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { ObservedGateway } from './support/gateway.js';

/**
 * Limits against abuse, each set low here and crossed: a body that is not JSON, a WebSocket
 * from a web page of another origin, too many connections, too many WebSockets from one client,
 * clients that send their request a byte at a time or nothing at all, an oversized gRPC message,
 * too many gRPC calls at once on one connection, a gRPC connection that makes no call and too
 * many gRPC connections.
 */
describe('limits against abuse', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker({
      auth: 'off',
      env: {
        WS_ALLOWED_ORIGINS: 'https://ward.example',
        WS_MAX_CONNECTIONS_PER_CLIENT: '2',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_IDLE_TIMEOUT_MS: '3000',
        WS_IDLE_TIMEOUT_MS: '2000',
        GRPC_MAX_MESSAGE_BYTES: '1024',
        GRPC_MAX_CONCURRENT_STREAMS: '1',
        GRPC_IDLE_TIMEOUT_MS: '2000',
        PUBLISH_TIMEOUT_MS: '20000',
      },
    });
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);

  const temperature = () => JSON.stringify(createGenerator('temperature')('Temp_limits'));

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers a REST body sent as %s with 415',
    async (contentType) => {
      const answer = await httpRequest(`${gateway.httpUrl}/temperature`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: temperature(),
      });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.text)).toEqual({
        status: 'error',
        error: 'unsupported_media_type',
        message: 'a reading must be sent as content-type application/json',
      });
    },
  );

  it('takes JSON with a charset', async () => {
    const answer = await httpRequest(`${gateway.httpUrl}/temperature`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: temperature(),
    });
    expect(answer.status).toBe(200);
  });

  it('refuses a WebSocket from a page of another origin (403), not one without Origin', async () => {
    await expect(
      WsDevice.connect(gateway.wsUrl, { headers: { Origin: 'https://evil.example' } }),
    ).rejects.toThrow('Unexpected server response: 403');
    const allowed: Record<string, string>[] = [{ Origin: 'https://ward.example' }, {}];
    for (const headers of allowed) {
      const device = await WsDevice.connect(gateway.wsUrl, { headers });
      device.close();
      await device.closed;
    }
  });

  it('refuses a third WebSocket from one client (429) until one of its two closes', async () => {
    const first = await WsDevice.connect(gateway.wsUrl);
    const second = await WsDevice.connect(gateway.wsUrl);
    await expect(WsDevice.connect(gateway.wsUrl)).rejects.toThrow(
      'Unexpected server response: 429',
    );
    first.close();
    await first.closed;
    const third = await waitFor(() => WsDevice.connect(gateway.wsUrl), {
      what: 'a WebSocket once one closed',
    });
    second.close();
    third.close();
    await Promise.all([second.closed, third.closed]);
  });

  it('closes a connection whose headers arrive a byte at a time (408)', async () => {
    const socket = await openSocket(gateway.ports.http);
    const received = collect(socket);
    socket.write('POST /temperature HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X'), 200);
    try {
      await closed(socket);
    } finally {
      clearInterval(drip);
    }
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body arrives a byte at a time (408)', async () => {
    const socket = await openSocket(gateway.ports.http);
    const received = collect(socket);
    socket.write(
      'POST /temperature HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
        'content-length: 1000\r\n\r\n',
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    try {
      await closed(socket);
    } finally {
      clearInterval(drip);
    }
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers a connection that sends nothing with 408 and closes it', async () => {
    const socket = await openSocket(gateway.ports.http);
    const received = collect(socket);
    await closed(socket);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a kept-alive HTTP connection that sends nothing after its request', async () => {
    const socket = await openSocket(gateway.ports.http);
    const received = collect(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await closed(socket);
    expect(received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received().match(/HTTP\/1\.1/g)).toHaveLength(1);
  });

  it('closes a WebSocket that carries nothing (1001)', async () => {
    const device = await WsDevice.connect(gateway.wsUrl);
    await expect(device.closed).resolves.toEqual({ code: 1001, reason: 'idle' });
  });

  it('refuses a gRPC message over the size limit', async () => {
    const device = new GrpcDevice(gateway.grpcAddress);
    try {
      const reading = { ...createGenerator('pressure')('Press_big'), unit: 'x'.repeat(2000) };
      await expect(device.sendPressure(reading)).rejects.toMatchObject({
        code: GrpcStatus.RESOURCE_EXHAUSTED,
      });
    } finally {
      device.close();
    }
  });

  it('holds a second gRPC call on one connection while the first is open', async () => {
    const device = new GrpcDevice(gateway.grpcAddress);
    const invalid = { ...createGenerator('pressure')('Press_streams'), systolic: 1 };
    try {
      // answered at once while nothing else is open
      await expect(device.sendPressure(invalid)).rejects.toMatchObject({
        code: GrpcStatus.INVALID_ARGUMENT,
      });
      // a call that waits for the frozen broker holds the connection's one stream
      gateway.broker.pause();
      const waiting = device.sendPressure(createGenerator('pressure')('Press_streams'), 30_000);
      waiting.catch(() => undefined);
      await waitFor(() => gateway.broker.unreadBytes() > 0, { what: 'the publish at the broker' });
      await expect(device.sendPressure(invalid, 2000)).rejects.toMatchObject({
        code: GrpcStatus.DEADLINE_EXCEEDED,
      });
      gateway.broker.resume();
      await waiting;
    } finally {
      gateway.broker.resume();
      device.close();
    }
  });

  it('closes a gRPC connection that makes no call (GOAWAY), and a device calls again on a new one', async () => {
    const session = connectHttp2(`http://${gateway.grpcAddress}`);
    session.on('error', () => undefined);
    let goaway = false;
    let closedAt = 0;
    session.once('goaway', () => (goaway = true));
    session.once('close', () => (closedAt = Date.now()));
    await new Promise((resolve) => session.once('remoteSettings', resolve));
    const opened = Date.now();
    await waitFor(() => closedAt, {
      timeoutMs: 20_000,
      what: 'the gateway to close the idle gRPC connection',
    });
    expect(goaway).toBe(true);
    expect(closedAt - opened).toBeGreaterThanOrEqual(1500);

    const device = new GrpcDevice(gateway.grpcAddress);
    try {
      await device.sendPressure(createGenerator('pressure')('Press_idle'));
      await waitFor(() => device.state() === 'IDLE', {
        timeoutMs: 20_000,
        what: "the gateway to close the device's idle connection",
      });
      await expect(device.sendPressure(createGenerator('pressure')('Press_idle'))).resolves.toEqual(
        {},
      );
    } finally {
      device.close();
    }
  });
});

describe('a cap on open connections', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker({
      env: { MAX_CONNECTIONS: '2', GRPC_MAX_CONNECTIONS: '2' },
    });
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);

  it('closes a connection past MAX_CONNECTIONS at once, and takes one again once one ends', async () => {
    const held = [await openSocket(gateway.ports.http), await openSocket(gateway.ports.http)];
    held.forEach((socket) => socket.on('error', () => undefined));
    await expect(httpRequest(`${gateway.httpUrl}/health`, { timeoutMs: 10_000 })).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    held[0].destroy();
    await waitFor(
      async () => (await httpRequest(`${gateway.httpUrl}/health`, { timeoutMs: 5000 })).status,
      { what: 'an answer once a connection ended' },
    );
    held[1].destroy();
  });

  it('closes a gRPC connection past GRPC_MAX_CONNECTIONS at once, and takes one again once one ends', async () => {
    const held = [await openSocket(gateway.ports.grpc), await openSocket(gateway.ports.grpc)];
    held.forEach((socket) => socket.on('error', () => undefined));
    const refused = new GrpcDevice(gateway.grpcAddress);
    try {
      await expect(
        refused.sendPressure(createGenerator('pressure')('Press_cap'), 10_000),
      ).rejects.toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    } finally {
      refused.close();
    }
    held[0].destroy();
    await waitFor(
      async () => {
        const device = new GrpcDevice(gateway.grpcAddress);
        try {
          return await device.sendPressure(createGenerator('pressure')('Press_cap'), 5000);
        } catch {
          return undefined;
        } finally {
          device.close();
        }
      },
      { timeoutMs: 30_000, what: 'a gRPC call once a connection ended' },
    );
    held[1].destroy();
  });
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function collect(socket: Socket): () => string {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

/** Resolves once the server closed the connection (a generous bound, not a speed). */
function closed(socket: Socket, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the gateway kept the connection open')),
      timeoutMs,
    );
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
