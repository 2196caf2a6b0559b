import type { FastifyServerOptions } from 'fastify';
import type { Server } from 'node:http';
import type { GatewayConfig } from '../config/gateway.config.js';

/** How often Node looks for requests past their headers or request timeout. */
const TIMEOUT_CHECK_MS = 1000;

/**
 * Fastify's and Node's limits against slow and idle clients: headers and whole requests must
 * arrive in time however slowly they trickle in (Node's headersTimeout and requestTimeout
 * answer 408 and close), and a connection that sends nothing is closed.
 */
export function httpTimeouts(config: GatewayConfig): Partial<FastifyServerOptions> {
  return {
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_IDLE_TIMEOUT_MS,
  };
}

/** Options of Node's http(s).createServer that Fastify does not set itself. */
export function nodeServerOptions(config: GatewayConfig): {
  headersTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    // Node refuses a headers timeout longer than the request timeout
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
}

/** Past MAX_CONNECTIONS open connections Node closes each new one at once. */
export function capConnections(server: Server, config: GatewayConfig): void {
  server.maxConnections = config.MAX_CONNECTIONS;
}
