import type { ChannelOptions, Server as GrpcServer } from '@grpc/grpc-js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { grpcListeningServers } from './grpc-servers.js';

/**
 * grpc-js server options for the limits it offers itself: message size, streams per connection,
 * idle connections; channelz off.
 */
export function grpcServerOptions(config: GatewayConfig): ChannelOptions {
  return {
    'grpc.max_receive_message_length': config.GRPC_MAX_MESSAGE_BYTES,
    'grpc.max_concurrent_streams': config.GRPC_MAX_CONCURRENT_STREAMS,
    'grpc.max_connection_idle_ms': config.GRPC_IDLE_TIMEOUT_MS,
    // channelz (per-call counters and timestamps for a debugging service the gateway does not
    // serve) costs work on every call
    'grpc.enable_channelz': 0,
  };
}

/**
 * Past `max` open connections of the gRPC port Node closes each new one at once, as on the HTTP
 * port. grpc-js has no such option: the cap is Node's maxConnections on the http2 servers grpc-js
 * listens with. Call it once the server is bound.
 */
export function capGrpcConnections(server: GrpcServer, max: number): void {
  for (const http2Server of grpcListeningServers(server)) http2Server.maxConnections = max;
}
