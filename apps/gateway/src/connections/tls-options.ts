import { experimental, type Server as GrpcServer, type ServerCredentials } from '@grpc/grpc-js';
import { refuseUnverifiedClients, tlsEnabled } from '@healthcare/config';
import { Server as TlsServer } from 'node:tls';
import type { GatewayConfig } from '../config/gateway.config.js';
import { grpcListeningServers } from './grpc-servers.js';

/** Certificate files are read again this often, so a renewed certificate needs no restart of gRPC. */
const GRPC_CERTIFICATE_REFRESH_MS = 60 * 60 * 1000;

/**
 * gRPC's credentials: TLS with the same certificate as HTTPS, and with TLS_CLIENT_CA_FILE a
 * request for the client's certificate, not a requirement (a token-only client has none); one
 * that does not verify is cut by refuseUnverifiedGrpcClients, as on the HTTP port.
 */
export function grpcCredentials(config: GatewayConfig): ServerCredentials | undefined {
  if (!tlsEnabled(config)) return undefined;
  const identity = new experimental.FileWatcherCertificateProvider({
    certificateFile: config.TLS_CERT_FILE,
    privateKeyFile: config.TLS_KEY_FILE,
    refreshIntervalMs: GRPC_CERTIFICATE_REFRESH_MS,
  });
  const clientCa =
    config.TLS_CLIENT_CA_FILE === ''
      ? null
      : new experimental.FileWatcherCertificateProvider({
          caCertificateFile: config.TLS_CLIENT_CA_FILE,
          refreshIntervalMs: GRPC_CERTIFICATE_REFRESH_MS,
        });
  return experimental.createCertificateProviderServerCredentials(identity, clientCa, false);
}

/**
 * Cuts a gRPC connection whose client certificate does not verify once its handshake is done,
 * before any call on it, as refuseUnverifiedClients does on the HTTP port. grpc-js cannot: a
 * required certificate (rejectUnauthorized) would also refuse token-only clients, which present
 * none. Call it once the server is bound.
 */
export function refuseUnverifiedGrpcClients(server: GrpcServer): void {
  for (const http2Server of grpcListeningServers(server)) {
    if (!(http2Server instanceof TlsServer)) throw new Error('the gRPC port does not serve TLS');
    refuseUnverifiedClients(http2Server);
  }
}
