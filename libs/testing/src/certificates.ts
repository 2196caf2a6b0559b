import 'reflect-metadata'; // @peculiar/x509 resolves its parsers through tsyringe
import type { ClientTls } from '@healthcare/config';
import { deviceSubject } from '@healthcare/credentials';
import { ManagedProcess } from '@healthcare/embedded/managed-process';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

x509.cryptoProvider.set(globalThis.crypto);

/** The key type `pnpm certs` makes. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate and its key, as files. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/**
 * Certificates made by the built `pnpm certs` (tools/certs/dist) in a temporary folder: a CA, a
 * server certificate for localhost and 127.0.0.1, and device certificates on request; a second
 * `make()` is an unrelated CA, for what a foreign certificate gets. `expiredDevice` signs what
 * `pnpm certs` never makes, with the library it uses.
 */
export class TestCertificates {
  private constructor(readonly dir: string) {}

  static async make(devices: string[] = []): Promise<TestCertificates> {
    const certificates = new TestCertificates(mkdtempSync(join(tmpdir(), 'certs-')));
    await certificates.run(devices);
    return certificates;
  }

  get caFile(): string {
    return join(this.dir, 'ca.crt');
  }

  get ca(): Buffer {
    return readFileSync(this.caFile);
  }

  get server(): CertificateFiles {
    return { certFile: join(this.dir, 'server.crt'), keyFile: join(this.dir, 'server.key') };
  }

  /** A device's certificate (subject CN = sensorId), made now if it is not there yet. */
  async device(sensorId: string): Promise<CertificateFiles> {
    await this.run([sensorId]);
    return {
      certFile: join(this.dir, 'devices', `${sensorId}.crt`),
      keyFile: join(this.dir, 'devices', `${sensorId}.key`),
    };
  }

  /**
   * A device certificate of this CA, named as `pnpm certs --device` names it, whose validity
   * window ended a day ago.
   */
  async expiredDevice(sensorId: string): Promise<CertificateFiles> {
    const ca = new x509.X509Certificate(readFileSync(this.caFile, 'utf8'));
    const caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      x509.PemConverter.decodeFirst(readFileSync(join(this.dir, 'ca.key'), 'utf8')),
      ALGORITHM,
      false,
      ['sign'],
    );
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomBytes(8).toString('hex').replace(/^./, '1'),
      subject: deviceSubject(sensorId),
      issuer: ca.subject,
      notBefore: new Date(now - 30 * DAY_MS),
      notAfter: new Date(now - DAY_MS),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(ca),
      ],
    });
    const files = {
      certFile: join(this.dir, `expired-${sensorId}.crt`),
      keyFile: join(this.dir, `expired-${sensorId}.key`),
    };
    writeFileSync(files.certFile, cert.toString('pem'));
    const key = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    writeFileSync(files.keyFile, x509.PemConverter.encode(key, 'PRIVATE KEY'), { mode: 0o600 });
    return files;
  }

  /** What a client presenting this certificate is given: our CA to trust, its certificate and key. */
  clientTls(files: CertificateFiles): ClientTls {
    return { ca: this.ca, cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async run(devices: string[]): Promise<void> {
    const tool = ManagedProcess.spawn({
      name: 'certs',
      command: process.execPath,
      args: [
        'tools/certs/dist/main.js',
        '--dir',
        this.dir,
        ...devices.flatMap((id) => ['--device', id]),
      ],
      env: { PATH: process.env.PATH },
    });
    const code = await tool.exited;
    if (code !== 0) throw new Error(`pnpm certs failed (${code}):\n${tool.output()}`);
  }
}
