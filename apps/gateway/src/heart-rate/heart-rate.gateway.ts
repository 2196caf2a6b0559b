import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { patchSocketToCoalesceWrites } from '@healthcare/io';
import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { GatewayConfig } from '../config/gateway.config.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import { IngestService } from '../readings/ingest.service.js';
import { HeartRateConnection } from './heart-rate.connection.js';

/**
 * Heart-rate devices keep a WebSocket open and send one raw JSON reading per text frame.
 * Frames up to 64 KiB get an answer (too_large past 16 KiB); bigger ones close the socket.
 *
 * Nest's WsAdapter accepts the connections; the frames are read off each socket by a
 * HeartRateConnection rather than through @SubscribeMessage, whose per-frame pipeline (an
 * observable chain, an execution context, pipes and filters for every reading) was a large share
 * of the gateway's CPU and garbage under load (see the benchmark's profiles).
 */
@WebSocketGateway({ path: '/heartrate', maxPayload: 64 * 1024 })
export class HeartRateGateway implements OnGatewayConnection {
  constructor(
    private readonly ingest: IngestService,
    private readonly refusals: ReadingRefusals,
    private readonly config: GatewayConfig,
  ) {}

  handleConnection(socket: WebSocket): void {
    // a device pipelining readings gets its acks in few writes
    patchSocketToCoalesceWrites((socket as unknown as { _socket: Writable })._socket);
    new HeartRateConnection(socket, this.ingest, this.refusals, this.config).listen();
  }
}
