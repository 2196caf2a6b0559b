import { Logger } from '@nestjs/common';
import type { RawData } from 'ws';
import { WebSocket } from 'ws';

/** Close code for a client that does not read its answers: 1008, policy violation. */
export const WS_CLOSE_ANSWERS_NOT_READ = 1008;

const logger = new Logger('HeartRateGateway');

/** A frame's payload as text, whatever form ws hands it in. */
export function frameText(data: RawData | string): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** A frame's payload size in bytes, without decoding it. */
export function frameBytes(data: RawData | string): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

/** The ack of a published reading, as JSON.stringify writes its AckFrame, without the object. */
export function ackFrameText(sensorId: string, date: string): string {
  return `{"status":"received","sensor_id":${JSON.stringify(sensorId)},"date":${JSON.stringify(date)}}`;
}

/**
 * Sends the frame (a GatewayFrame as JSON text) to an open socket. Answers the client has not read stay in the gateway's
 * memory once the kernel's buffers are full: past `maxUnreadBytes` of them the connection is
 * closed instead of growing without end. `bufferedAmount` is every byte the TCP socket has not
 * handed to the kernel yet, those held by patchSocketToCoalesceWrites included (frames.spec pins
 * it).
 */
export function sendFrame(socket: WebSocket, frame: string, maxUnreadBytes: number): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(frame);
  const unread = socket.bufferedAmount;
  if (unread > maxUnreadBytes) {
    socket.close(
      WS_CLOSE_ANSWERS_NOT_READ,
      `answers not read: more than ${maxUnreadBytes} bytes waiting`,
    );
    // the client's fault, as a protocol error is (ClientErrorWsAdapter): information, not an error
    logger.log(
      `closed a WebSocket whose client does not read its answers: ${unread} bytes waiting, ` +
        `more than WS_MAX_UNREAD_BYTES (${maxUnreadBytes})`,
    );
  }
}
