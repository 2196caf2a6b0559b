import type { ChannelOptions, Server as GrpcServer } from '@grpc/grpc-js';
import { Server as NetServer } from 'node:net';
import type { GatewayConfig } from '../config/gateway.config.js';

/**
 * grpc-js server options for the limits it offers itself: message size, streams per connection,
 * idle connections.
 */
export function grpcServerOptions(config: GatewayConfig): ChannelOptions {
  return {
    'grpc.max_receive_message_length': config.GRPC_MAX_MESSAGE_BYTES,
    'grpc.max_concurrent_streams': config.GRPC_MAX_CONCURRENT_STREAMS,
    'grpc.max_connection_idle_ms': config.GRPC_IDLE_TIMEOUT_MS,
  };
}

/**
 * Past `max` open connections of the gRPC port Node closes each new one at once, as on the HTTP
 * port. grpc-js has no such option: the cap is Node's maxConnections on the http2 servers grpc-js
 * listens with, which it keeps in a private field (`http2Servers`, keys; @grpc/grpc-js is pinned,
 * and grpc-limits.spec crosses the cap on a real grpc-js server). Call it once the server is
 * bound; it throws rather than leave the port without its cap when that field is not as expected.
 */
export function capGrpcConnections(server: GrpcServer, max: number): void {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  const listening = servers instanceof Map ? [...(servers.keys() as Iterable<unknown>)] : [];
  if (listening.length === 0 || !listening.every((s) => s instanceof NetServer)) {
    throw new Error(
      'cannot cap gRPC connections: @grpc/grpc-js no longer keeps its listening servers in ' +
        '`http2Servers` (see connections/grpc-limits.ts)',
    );
  }
  for (const http2Server of listening) http2Server.maxConnections = max;
}
