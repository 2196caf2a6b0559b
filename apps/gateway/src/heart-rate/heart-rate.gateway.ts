import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { patchSocketToCoalesceWrites } from '@healthcare/io';
import type { Writable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { PayloadTooLargeError } from '../errors/gateway-errors.js';
import { wsErrorFrame } from '../errors/ws-errors.js';
import { IngestService } from '../readings/ingest.service.js';
import { parseJson } from '../readings/parse-json.js';
import { MAX_READING_BYTES } from '../readings/limits.js';
import { frameText, sendFrame } from './frames.js';

/**
 * Heart-rate devices keep a WebSocket open and send one raw JSON reading per text frame.
 * Frames up to 64 KiB get an answer (too_large past 16 KiB); bigger ones close the socket.
 *
 * Nest's WsAdapter accepts the connections; the frames are read off each socket here rather than
 * through @SubscribeMessage, whose per-frame pipeline (an observable chain, an execution context,
 * pipes and filters for every reading) was a large share of the gateway's CPU and garbage under
 * load (see the benchmark's profiles).
 */
@WebSocketGateway({ path: '/heartrate', maxPayload: 64 * 1024 })
export class HeartRateGateway implements OnGatewayConnection {
  constructor(private readonly ingest: IngestService) {}

  handleConnection(socket: WebSocket): void {
    // a device pipelining readings gets its acks in few writes
    patchSocketToCoalesceWrites((socket as unknown as { _socket: Writable })._socket);
    socket.on('message', (data: RawData) => void this.receive(socket, frameText(data)));
  }

  private async receive(socket: WebSocket, text: string): Promise<void> {
    try {
      if (Buffer.byteLength(text) > MAX_READING_BYTES) {
        throw new PayloadTooLargeError(`a reading must not exceed ${MAX_READING_BYTES} bytes`);
      }
      const sent = parseJson(text) as { date: string };
      const reading = await this.ingest.accept('heartRate', sent);
      // the date as the device sent it (not normalised), so it can match the ack to what it holds
      sendFrame(socket, { status: 'received', sensor_id: reading.sensor_id, date: sent.date });
    } catch (err) {
      sendFrame(socket, wsErrorFrame(err, text));
    }
  }
}
