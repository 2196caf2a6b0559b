import type { Server as GrpcServer } from '@grpc/grpc-js';
import { Server as NetServer } from 'node:net';

/**
 * The http2 servers a bound grpc-js server listens with. grpc-js offers no hook on them (no
 * connection cap, no view of a connection's TLS handshake), and keeps them in a private field
 * (`http2Servers`, keys): @grpc/grpc-js is pinned, grpc-limits.spec runs a real grpc-js server
 * through the cap and tls-e2e client-certificates through the refusal of a foreign certificate. Throws rather than let a limit silently
 * go unapplied when that field is not as expected.
 */
export function grpcListeningServers(server: GrpcServer): NetServer[] {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  const listening = servers instanceof Map ? [...(servers.keys() as Iterable<unknown>)] : [];
  if (listening.length === 0 || !listening.every((s) => s instanceof NetServer)) {
    throw new Error(
      '@grpc/grpc-js no longer keeps its listening servers in `http2Servers` ' +
        '(see connections/grpc-servers.ts)',
    );
  }
  return listening;
}
