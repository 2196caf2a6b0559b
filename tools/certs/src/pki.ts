import 'reflect-metadata'; // @peculiar/x509 resolves its parsers through tsyringe
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { deviceSubject, escapeName } from '@healthcare/credentials';
import { isIP } from 'node:net';

x509.cryptoProvider.set(globalThis.crypto);

type CryptoKey = webcrypto.CryptoKey;

/** ECDSA P-256: small keys made at once, spoken by OpenSSL, Mosquitto, PostgreSQL and grpc-js. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface Issued {
  cert: string;
  key: string;
}

export interface Authority {
  cert: x509.X509Certificate;
  key: CryptoKey;
}

export async function createAuthority(name: string, days: number): Promise<Issued> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${escapeName(name)}`,
    ...validity(days),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

export async function loadAuthority(pair: Issued): Promise<Authority> {
  const cert = new x509.X509Certificate(pair.cert);
  const der = x509.PemConverter.decodeFirst(pair.key);
  const key = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
  return { cert, key };
}

/** A server certificate valid for every host name and IP address in `names` (the first is its CN). */
export function issueServer(ca: Authority, names: string[], days: number): Promise<Issued> {
  const altNames = names.map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }) as const);
  return issue(ca, `CN=${escapeName(names[0])}`, days, x509.ExtendedKeyUsage.serverAuth, [
    new x509.SubjectAlternativeNameExtension(altNames),
  ]);
}

/** A device's client certificate: its subject names the device (deviceSubject: CN=<sensor_id>). */
export function issueDevice(ca: Authority, sensorId: string, days: number): Promise<Issued> {
  return issue(ca, deviceSubject(sensorId), days, x509.ExtendedKeyUsage.clientAuth, []);
}

/** The host names and IP addresses a server certificate is valid for. */
export function subjectAltNames(pem: string): string[] {
  const san = new x509.X509Certificate(pem).getExtension(x509.SubjectAlternativeNameExtension);
  return san?.names.items.map((name) => name.value) ?? [];
}

async function issue(
  ca: Authority,
  subject: string,
  days: number,
  usage: x509.ExtendedKeyUsage,
  extensions: x509.Extension[],
): Promise<Issued> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject,
    issuer: ca.cert.subject,
    ...validity(days),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...extensions,
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Valid from an hour ago (clocks of the stack's hosts differ a little) for `days` days. */
function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - 60 * 60 * 1000), notAfter: new Date(now + days * DAY_MS) };
}

/** A positive 128-bit serial number, as hex (the top bit cleared so DER keeps it positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}
