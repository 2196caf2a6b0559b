import { patchSocketToCoalesceWrites } from '@healthcare/io';
import type { AckFrame } from '@healthcare/contracts';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  ackFrameText,
  frameBytes,
  frameText,
  sendFrame,
  WS_CLOSE_ANSWERS_NOT_READ,
} from './frames.js';

const text = '{"sensor_id":"H1","value":72}';

describe('frameText', () => {
  it.each([
    ['a text frame', text],
    ['a binary frame', Buffer.from(text)],
    ['a fragmented frame', [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]],
    ['an ArrayBuffer', new TextEncoder().encode(text).buffer],
  ])('reads %s as text', (_, data) => {
    expect(frameText(data)).toBe(text);
  });
});

describe('frameBytes', () => {
  const utf8 = '{"sensor_id":"Hé1","value":72}';
  it.each([
    ['a text frame', utf8],
    ['a binary frame', Buffer.from(utf8)],
    ['a fragmented frame', [Buffer.from(utf8.slice(0, 5)), Buffer.from(utf8.slice(5))]],
    ['an ArrayBuffer', new TextEncoder().encode(utf8).buffer],
  ])('counts the bytes of %s, as its text encodes', (_, data) => {
    expect(frameBytes(data)).toBe(Buffer.byteLength(utf8));
  });
});

describe('ackFrameText', () => {
  it.each([
    ['H1', '2024-05-01T10:00:00Z'],
    ['Heart_042', '2024-05-01T10:00:00.123456+02:00'],
    ['quote"back\\slash\u0001é', 'line\nbreak'],
  ])('writes the ack of %p at %p as JSON.stringify writes its AckFrame', (sensorId, date) => {
    const frame: AckFrame = { status: 'received', sensor_id: sensorId, date };
    expect(ackFrameText(sensorId, date)).toBe(JSON.stringify(frame));
  });
});

describe('sendFrame', () => {
  /** A socket whose client has left `unread` bytes of earlier answers unread. */
  function socket(readyState: number, unread = 0) {
    const sent: unknown[] = [];
    const closed: [number, string][] = [];
    const ws = {
      readyState,
      send: (frame: string) => {
        sent.push(JSON.parse(frame));
        unread += frame.length;
      },
      get bufferedAmount() {
        return unread;
      },
      close: (code: number, reason: string) => closed.push([code, reason]),
    };
    return { ws: ws as unknown as WebSocket, sent, closed };
  }

  it('sends the frame as JSON text to an open socket', () => {
    const { ws, sent, closed } = socket(WebSocket.OPEN);
    sendFrame(ws, JSON.stringify({ status: 'received', sensor_id: 'H1', date: 'd' }), 1024);
    expect(sent).toEqual([{ status: 'received', sensor_id: 'H1', date: 'd' }]);
    expect(closed).toEqual([]);
  });

  it('sends nothing to a socket that is closing', () => {
    const { ws, sent } = socket(WebSocket.CLOSING);
    sendFrame(ws, JSON.stringify({ status: 'error', error: 'unavailable', message: 'down' }), 1024);
    expect(sent).toEqual([]);
  });

  it('closes the socket once its client leaves more than the limit unread', () => {
    const { ws, sent, closed } = socket(WebSocket.OPEN, 1000);
    sendFrame(ws, JSON.stringify({ status: 'received', sensor_id: 'H1', date: 'd' }), 1024);
    expect(sent).toHaveLength(1);
    expect(closed).toEqual([
      [WS_CLOSE_ANSWERS_NOT_READ, 'answers not read: more than 1024 bytes waiting'],
    ]);
  });
});

// What the bound relies on in ws (pinned at 8.23): bufferedAmount counts what the TCP socket holds,
// also what patchSocketToCoalesceWrites holds back until the end of the turn.
describe('sendFrame on a real socket patched as the gateway patches it', () => {
  let server: WebSocketServer;
  let client: WebSocket;
  let socket: WebSocket;

  beforeEach(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[WebSocket]>;
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    [socket] = await accepted;
    await once(client, 'open');
    patchSocketToCoalesceWrites((socket as unknown as { _socket: Writable })._socket);
  });
  afterEach(async () => {
    client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts the answers held back in this turn as unread, and closes once they pass the limit', async () => {
    const closed = new Promise((resolve) =>
      client.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    const frame = JSON.stringify({
      status: 'error',
      error: 'unavailable',
      message: 'x'.repeat(40 * 1024),
    });

    sendFrame(socket, frame, 64 * 1024);
    expect(socket.bufferedAmount).toBeGreaterThan(40 * 1024);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    sendFrame(socket, frame, 64 * 1024);
    expect(socket.readyState).toBe(WebSocket.CLOSING);

    // the client reads: the answers and then the close reach it
    expect(await closed).toEqual([
      WS_CLOSE_ANSWERS_NOT_READ,
      'answers not read: more than 65536 bytes waiting',
    ]);
  });
});
