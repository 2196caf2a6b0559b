import { experimental, type ServerCredentials } from '@grpc/grpc-js';
import { readPem } from '@healthcare/config';
import type { ServerOptions as HttpsOptions } from 'node:https';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { GatewayConfig } from '../config/gateway.config.js';

/** Certificate files are read again this often, so a renewed certificate needs no restart of gRPC. */
const GRPC_CERTIFICATE_REFRESH_MS = 60 * 60 * 1000;

export function tlsEnabled(config: GatewayConfig): boolean {
  return config.TLS_CERT_FILE !== '';
}

/**
 * The HTTPS server's certificate and, with TLS_CLIENT_CA_FILE, a request for the client's: a
 * client without one goes on (devices with tokens), one with a certificate the CA did not sign
 * is cut by refuseUnverifiedClients.
 */
export function httpsOptions(config: GatewayConfig): HttpsOptions | undefined {
  if (!tlsEnabled(config)) return undefined;
  const clientCa = readPem(config.TLS_CLIENT_CA_FILE);
  return {
    cert: readPem(config.TLS_CERT_FILE),
    key: readPem(config.TLS_KEY_FILE),
    ...(clientCa && { ca: clientCa, requestCert: true, rejectUnauthorized: false }),
  };
}

/** Closes a TLS connection whose client certificate does not verify (another CA, expired). */
export function refuseUnverifiedClients(server: TlsServer): void {
  server.on('secureConnection', (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate()).length > 0;
    if (presented && !socket.authorized) socket.destroy();
  });
}

/**
 * gRPC's credentials: TLS with the same certificate as HTTPS, and with TLS_CLIENT_CA_FILE a
 * request for the client's certificate, not a requirement. grpc-js hands a call the client's
 * certificate (getAuthContext) only when the CA verified it.
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
