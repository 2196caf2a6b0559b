import type { GatewayFrame } from '@healthcare/contracts';
import { WebSocket } from 'ws';

/** The WsAdapter routes only {event, data} messages: every raw frame becomes this event. */
export const READING_EVENT = 'reading';

export function parseRawFrame(data: unknown): { event: string; data: string } {
  const text =
    typeof data === 'string'
      ? data
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Array.isArray(data)
          ? Buffer.concat(data as Buffer[]).toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
  return { event: READING_EVENT, data: text };
}

export function sendFrame(socket: WebSocket, frame: GatewayFrame): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}
