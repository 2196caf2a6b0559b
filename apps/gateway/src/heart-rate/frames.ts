import type { GatewayFrame } from '@healthcare/contracts';
import type { RawData } from 'ws';
import { WebSocket } from 'ws';

/** A frame's payload as text, whatever form ws hands it in. */
export function frameText(data: RawData | string): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export function sendFrame(socket: WebSocket, frame: GatewayFrame): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
}
