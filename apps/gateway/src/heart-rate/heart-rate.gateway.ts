import {
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { patchSocketToCoalesceWrites } from '@healthcare/io';
import type { OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { Server, WebSocket } from 'ws';
import { GatewayConfig } from '../config/gateway.config.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import { verifiedSubject } from '../devices/client-certificate.js';
import { DeviceAuth, type Credential } from '../devices/device-auth.service.js';
import { IngestService } from '../readings/ingest.service.js';
import { HeartRateConnection } from './heart-rate.connection.js';
import { refuseUpgrade } from './upgrade-refusal.js';

/** How often open sockets are checked against the registry (a disabled device is cut off). */
const RECHECK_MS = 1000;

type AuthenticatedRequest = IncomingMessage & { credential?: Credential };

/**
 * Heart-rate devices keep a WebSocket open and send one raw JSON reading per text frame.
 * Frames up to 64 KiB get an answer (too_large past 16 KiB); bigger ones close the socket.
 * The upgrade request carries the device's token (`Authorization: Bearer`), or the connection its
 * client certificate: without a valid one the upgrade is refused (401 / 403) and no socket is
 * opened.
 *
 * Nest's WsAdapter accepts the connections; the frames are read off each socket by a
 * HeartRateConnection rather than through @SubscribeMessage, whose per-frame pipeline (an
 * observable chain, an execution context, pipes and filters for every reading) was a large share
 * of the gateway's CPU and garbage under load (see the benchmark's profiles).
 */
@WebSocketGateway({ path: '/heartrate', maxPayload: 64 * 1024 })
export class HeartRateGateway
  implements OnGatewayInit<Server>, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly connections = new Map<WebSocket, HeartRateConnection>();
  /** WebSockets open per authenticated device. */
  private readonly perDevice = new Map<string, number>();
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly ingest: IngestService,
    private readonly refusals: ReadingRefusals,
    private readonly auth: DeviceAuth,
    private readonly config: GatewayConfig,
  ) {}

  afterInit(server: Server): void {
    if (!this.auth.required) return;
    // ws reads its options at each upgrade (ws is pinned); Nest's decorator options are static.
    // The adapter's UpgradeGuard (Origin, WebSockets per client) is already there: it runs first.
    const guard = server.options.verifyClient;
    server.options.verifyClient = (info, done) => {
      const authenticate = () => {
        const request = info.req as AuthenticatedRequest;
        try {
          request.credential = this.auth.authenticate(
            request.headers.authorization,
            'heartRate',
            verifiedSubject(request.socket),
          );
          const device = request.credential?.device.id;
          if (device !== undefined && !this.admit(device, request.socket)) {
            return done(false, 429, 'too many WebSockets of this device');
          }
          done(true);
        } catch (err) {
          refuseUpgrade(err, done);
        }
      };
      if (!guard) return authenticate();
      guard(info, (accept, ...refusal) => (accept ? authenticate() : done(false, ...refusal)));
    };
    this.recheck = setInterval(() => this.recheckAll(), RECHECK_MS);
    this.recheck.unref();
  }

  /** Counts the device's socket until it closes, unless it holds WS_MAX_CONNECTIONS_PER_DEVICE. */
  private admit(device: string, socket: Socket): boolean {
    const open = this.perDevice.get(device) ?? 0;
    if (open >= this.config.WS_MAX_CONNECTIONS_PER_DEVICE) return false;
    this.perDevice.set(device, open + 1);
    socket.once('close', () => {
      const left = (this.perDevice.get(device) ?? 1) - 1;
      if (left > 0) this.perDevice.set(device, left);
      else this.perDevice.delete(device);
    });
    return true;
  }

  handleConnection(socket: WebSocket, request: AuthenticatedRequest): void {
    // a device pipelining readings gets its acks in few writes
    patchSocketToCoalesceWrites((socket as unknown as { _socket: Writable })._socket);
    const connection = new HeartRateConnection(
      socket,
      this.ingest,
      this.refusals,
      this.config,
      request.credential && { auth: this.auth, credential: request.credential },
    );
    if (request.credential) this.connections.set(socket, connection);
    connection.listen();
  }

  handleDisconnect(socket: WebSocket): void {
    this.connections.delete(socket);
  }

  onModuleDestroy(): void {
    clearInterval(this.recheck);
  }

  private recheckAll(): void {
    for (const connection of this.connections.values()) connection.recheck();
  }
}
