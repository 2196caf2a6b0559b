import { registerDecorator, type ValidationOptions } from 'class-validator';
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Server as TlsServer, TLSSocket } from 'node:tls';

/**
 * A setting naming a file the app must read (a certificate, a key, a CA): empty, or a file this
 * process can read, so a wrong path stops the app at start naming the variable, not at the
 * first connection.
 */
export function IsReadableFileOrEmpty(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReadableFileOrEmpty',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must name a readable file`, ...options },
      validator: { validate: (value) => value === '' || isReadable(value) },
    });
}

function isReadable(path: unknown): boolean {
  if (typeof path !== 'string') return false;
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** A PEM file named by a setting, or undefined when the setting is empty. */
export function readPem(path: string): Buffer | undefined {
  return path === '' ? undefined : readFileSync(path);
}

/**
 * What a client that speaks TLS to our servers is given (sensor apps, `pnpm send`, tests): the
 * CA to trust in place of the system's, and the device's own certificate when it has one.
 */
export interface ClientTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Closes each connection that presented a client certificate that does not verify (another CA,
 * expired) as soon as its handshake is done, before a byte of HTTP is read; a client that
 * presented none goes on. For a server that asks for certificates without requiring them.
 */
export function refuseUnverifiedClients(server: TlsServer): void {
  server.on('secureConnection', (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate()).length > 0;
    if (presented && !socket.authorized) socket.destroy();
  });
}
