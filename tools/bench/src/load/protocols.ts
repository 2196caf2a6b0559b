import type { ClientTls } from '@healthcare/config';
import type { ReadingKind } from '@healthcare/contracts';
import { GrpcLoadClient } from './grpc-client.js';
import { HttpLoadClient } from './http-client.js';
import type { LoadClient } from './load-client.js';
import { ReadingSource } from './readings.js';
import { WsLoadClient } from './ws-client.js';

export type Protocol = 'rest' | 'ws' | 'grpc';

/** Each protocol carries one kind of reading, as the devices do. */
export const PROTOCOL_KIND: Record<Protocol, ReadingKind> = {
  rest: 'temperature',
  ws: 'heartRate',
  grpc: 'pressure',
};

/**
 * How many readings a saturating load keeps in flight, and over how many connections: enough
 * to keep a server busy on 2 cores without the client's own queues becoming the measure.
 */
export const LOAD_SETTINGS = {
  rest: { connections: 32, inFlight: 32 },
  ws: { sockets: 8, inFlight: 256 },
  grpc: { channels: 2, inFlight: 128 },
  /** The publisher's bounded window of unacknowledged QoS 1 messages. */
  mqtt: { window: 1000 },
};

/** Where the REST/WebSocket and the gRPC servers listen (a bare server or the gateway). */
export interface Endpoint {
  httpPort: number;
  grpcPort: number;
  /** Both serve TLS only: what the clients trust (the CA of the servers' certificate). */
  tls?: ClientTls;
}

/** Simulated devices per protocol: a WebSocket is one device's, so there one per socket. */
export function devicesOf(protocol: Protocol): number {
  return protocol === 'ws' ? LOAD_SETTINGS.ws.sockets : 1000;
}

/** The readings a protocol's load sends, with the devices' tokens when the gateway needs them. */
export function sourceOf(protocol: Protocol, tokens?: string[]): ReadingSource {
  return new ReadingSource(PROTOCOL_KIND[protocol], devicesOf(protocol), 'bench', tokens);
}

/** A load client of the protocol; `tokens` are its devices' (the system registered them). */
export async function connectClient(
  protocol: Protocol,
  endpoint: Endpoint,
  tokens?: string[],
): Promise<LoadClient> {
  const source = sourceOf(protocol, tokens);
  const { tls } = endpoint;
  switch (protocol) {
    case 'rest':
      return HttpLoadClient.connect(
        endpoint.httpPort,
        '/temperature',
        LOAD_SETTINGS.rest.connections,
        source,
        tls,
      );
    case 'ws':
      return WsLoadClient.connect(
        `${tls ? 'wss' : 'ws'}://127.0.0.1:${endpoint.httpPort}/heartrate`,
        LOAD_SETTINGS.ws.sockets,
        source,
        tls,
      );
    case 'grpc':
      return GrpcLoadClient.connect(
        `127.0.0.1:${endpoint.grpcPort}`,
        LOAD_SETTINGS.grpc.channels,
        source,
        tls,
      );
  }
}
