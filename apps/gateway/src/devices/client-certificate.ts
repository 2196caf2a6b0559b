import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { Socket } from 'node:net';
import { TLSSocket, type Certificate } from 'node:tls';

/** The subject of a client certificate the client CA verified: what names a device. */
export type CertificateSubject = Pick<Certificate, 'CN'>;

/**
 * The subject of the client certificate verified on this HTTPS/WSS connection, or undefined when
 * the connection is plain, presented none, or one the CA did not verify (refuseUnverifiedClients
 * cuts those during the handshake; this does not count on it).
 */
export function verifiedSubject(socket: Socket | undefined): CertificateSubject | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const certificate = socket.getPeerCertificate();
  // an empty object when the client presented none
  return certificate.raw ? certificate.subject : undefined;
}

/**
 * The subject of a gRPC call's client certificate: grpc-js hands it only when the CA verified it
 * (call.getAuthContext()).
 */
export function verifiedGrpcSubject(
  call: Pick<ServerUnaryCall<unknown, unknown>, 'getAuthContext'>,
): CertificateSubject | undefined {
  return call.getAuthContext().sslPeerCertificate?.subject;
}
