import { readPem } from '@healthcare/config';

/**
 * The certificate and key of a helper server that serves TLS (TLS_CERT_FILE, TLS_KEY_FILE, as the
 * gateway names them), or undefined for a plain one.
 */
export function serverTls(): { cert: Buffer; key: Buffer } | undefined {
  const cert = readPem(process.env.TLS_CERT_FILE ?? '');
  const key = readPem(process.env.TLS_KEY_FILE ?? '');
  if (!cert || !key) return undefined;
  return { cert, key };
}

/**
 * What a helper's MQTT client trusts on mqtts:// (MQTT_CA_FILE, as the apps name it): nothing
 * added for a plain broker.
 */
export function brokerTrust(): { ca?: Buffer } {
  const ca = readPem(process.env.MQTT_CA_FILE ?? '');
  return ca ? { ca } : {};
}
