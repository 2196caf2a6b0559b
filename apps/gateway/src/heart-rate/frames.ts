import type { GatewayFrame } from '@healthcare/contracts';
import type { RawData } from 'ws';
import { WebSocket } from 'ws';

/** Close code for a client that does not read its answers: 1008, policy violation. */
export const WS_CLOSE_ANSWERS_NOT_READ = 1008;

/** A frame's payload as text, whatever form ws hands it in. */
export function frameText(data: RawData | string): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * Sends the frame to an open socket. Answers the client has not read stay in the gateway's
 * memory: past `maxUnreadBytes` of them the connection is closed instead of growing without end.
 */
export function sendFrame(socket: WebSocket, frame: GatewayFrame, maxUnreadBytes: number): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify(frame));
  if (socket.bufferedAmount > maxUnreadBytes) {
    socket.close(
      WS_CLOSE_ANSWERS_NOT_READ,
      `answers not read: more than ${maxUnreadBytes} bytes waiting`,
    );
  }
}
