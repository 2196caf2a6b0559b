import { WebSocket } from 'ws';
import { frameText, sendFrame } from './frames.js';

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

describe('sendFrame', () => {
  function socket(readyState: number) {
    const sent: unknown[] = [];
    const ws = { readyState, send: (frame: string) => sent.push(JSON.parse(frame)) };
    return { ws: ws as unknown as WebSocket, sent };
  }

  it('sends the frame as JSON text to an open socket', () => {
    const { ws, sent } = socket(WebSocket.OPEN);
    sendFrame(ws, { status: 'received', sensor_id: 'H1', date: 'd' });
    expect(sent).toEqual([{ status: 'received', sensor_id: 'H1', date: 'd' }]);
  });

  it('sends nothing to a socket that is closing', () => {
    const { ws, sent } = socket(WebSocket.CLOSING);
    sendFrame(ws, { status: 'error', error: 'unavailable', message: 'down' });
    expect(sent).toEqual([]);
  });
});
