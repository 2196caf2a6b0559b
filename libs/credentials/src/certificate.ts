/**
 * A device's client certificate names the device in its subject: one common name, the device's
 * sensor_id (`CN=Temp_042`). `pnpm certs --device` writes it this way and the gateway reads it
 * this way; this file is the one place of that rule.
 */

/** The subject of a device certificate, as an RFC 4514 name. */
export function deviceSubject(sensorId: string): string {
  return `CN=${escapeName(sensorId)}`;
}

/**
 * The device a certificate's subject names (Node's parsed subject, as `getPeerCertificate()` and
 * grpc-js hand it): its common name; undefined when it has none or more than one.
 */
export function certificateDeviceId(
  subject: { CN?: string | string[] } | undefined,
): string | undefined {
  const cn = subject?.CN;
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
}

/** RFC 4514: characters with a meaning in a distinguished name are escaped. */
export function escapeName(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`);
}
