import { UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
} from '@nestjs/websockets';
import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { coalesceWrites } from '@healthcare/io';
import { WsErrorFilter } from '../errors/ws-error.filter.js';
import { PayloadTooLargeError } from '../errors/gateway-errors.js';
import { IngestService, parseJson } from '../readings/ingest.service.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { READING_EVENT, sendFrame } from './frames.js';

/**
 * Heart-rate devices keep a WebSocket open and send one raw JSON reading per text frame.
 * Frames up to 64 KiB get an answer (too_large past 16 KiB); bigger ones close the socket.
 */
@WebSocketGateway({ path: '/heartrate', maxPayload: 64 * 1024 })
@UseFilters(WsErrorFilter)
export class HeartRateGateway implements OnGatewayConnection {
  constructor(private readonly ingest: IngestService) {}

  /** A device pipelining readings gets its acks in few writes (see coalesceWrites). */
  handleConnection(socket: WebSocket): void {
    coalesceWrites((socket as unknown as { _socket: Writable })._socket);
  }

  @SubscribeMessage(READING_EVENT)
  async onReading(
    @ConnectedSocket() socket: WebSocket,
    @MessageBody() text: string,
  ): Promise<void> {
    if (Buffer.byteLength(text) > MAX_READING_BYTES) {
      throw new PayloadTooLargeError(`a reading must not exceed ${MAX_READING_BYTES} bytes`);
    }
    const sent = parseJson(text) as { date: string };
    const reading = await this.ingest.accept('heartRate', sent);
    // the date as the device sent it (not normalised), so it can match the ack to what it holds
    sendFrame(socket, { status: 'received', sensor_id: reading.sensor_id, date: sent.date });
  }
}
