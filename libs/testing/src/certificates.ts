import { ManagedProcess } from '@healthcare/embedded/managed-process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, as files. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/**
 * Certificates made by the built `pnpm certs` (tools/certs/dist) in a temporary folder: a CA, a
 * server certificate for localhost and 127.0.0.1, and device certificates on request. `other()`
 * makes a second, unrelated CA, for what a foreign certificate gets.
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
