import { SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAuthority,
  issueDevice,
  issueServer,
  loadAuthority,
  subjectAltNames,
  type Authority,
  type Issued,
} from './pki.js';

/** A request the tool does not carry out, since it would replace a file without --force. */
export class RefusedError extends Error {}

/** Always in the server certificate: a client on the same host reaches the server by these. */
export const LOCAL_NAMES = ['localhost', '127.0.0.1'];

export interface FolderOptions {
  days: number;
  force: boolean;
}

/**
 * The files of `pnpm certs` in one folder: ca.crt/.key, server.crt/.key, devices/<id>.crt/.key.
 * Keys are written readable by their owner only. Nothing there is replaced without `force`.
 */
export class CertificateFolder {
  constructor(
    private readonly dir: string,
    private readonly options: FolderOptions,
  ) {}

  /** Makes what is missing; returns one line per file pair, made or kept. */
  async make({ names, devices }: { names: string[]; devices: string[] }): Promise<string[]> {
    const bad = devices.filter((id) => !SENSOR_ID_PATTERN.test(id));
    if (bad.length > 0) {
      throw new RefusedError(`not a sensor_id (1-50 letters, digits, _ or -): ${bad.join(', ')}`);
    }
    const serverNames = [...new Set([...names, ...LOCAL_NAMES])];
    const said: string[] = [];
    const { authority, made } = await this.authority(said);
    said.push(await this.server(authority, serverNames, made));
    for (const id of devices) said.push(await this.device(authority, id, made));
    return said;
  }

  private async authority(said: string[]): Promise<{ authority: Authority; made: boolean }> {
    const files = this.pair('ca');
    if (!this.options.force && exists(files)) {
      said.push(`kept ${files.cert} (the CA)`);
      return { authority: await loadAuthority(read(files)), made: false };
    }
    this.refuseToReplace(files, 'the CA');
    // a new CA leaves every certificate of the old one unverifiable: refuse to orphan them
    const orphans = [this.pair('server').cert].filter((file) => existsSync(file));
    if (!this.options.force && orphans.length > 0) {
      throw new RefusedError(
        `${files.cert} is missing but ${orphans.join(', ')} is there, made by another CA; ` +
          'move it away or use --force to make everything anew',
      );
    }
    const issued = await createAuthority('Healthcare IoT local CA', this.options.days);
    this.write(files, issued);
    said.push(`made ${files.cert} (the CA: give it to every client)`);
    return { authority: await loadAuthority(issued), made: true };
  }

  private async server(ca: Authority, names: string[], newCa: boolean): Promise<string> {
    const files = this.pair('server');
    if (!this.options.force && !newCa && exists(files)) {
      const current = subjectAltNames(read(files).cert);
      const missing = names.filter((name) => !current.includes(name));
      if (missing.length > 0) {
        throw new RefusedError(
          `${files.cert} is for ${current.join(', ')}, not ${missing.join(', ')}: ` +
            'use --force to replace it',
        );
      }
      return `kept ${files.cert} (for ${current.join(', ')})`;
    }
    this.refuseToReplace(files, 'the server certificate');
    this.write(files, await issueServer(ca, names, this.options.days));
    return `made ${files.cert} (for ${names.join(', ')})`;
  }

  private async device(ca: Authority, sensorId: string, newCa: boolean): Promise<string> {
    mkdirSync(join(this.dir, 'devices'), { recursive: true });
    const files = this.pair(join('devices', sensorId));
    if (!this.options.force && !newCa && exists(files)) return `kept ${files.cert}`;
    this.refuseToReplace(files, `the certificate of ${sensorId}`);
    this.write(files, await issueDevice(ca, sensorId, this.options.days));
    return `made ${files.cert} (subject CN=${sensorId})`;
  }

  private pair(name: string): Issued {
    return { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
  }

  /** One half of a pair there without the other, or a pair there at all, needs --force. */
  private refuseToReplace(files: Issued, what: string): void {
    if (this.options.force) return;
    const there = [files.cert, files.key].filter((file) => existsSync(file));
    if (there.length > 0) {
      throw new RefusedError(`${there.join(' and ')} of ${what} would be replaced: use --force`);
    }
  }

  private write(files: Issued, issued: Issued): void {
    mkdirSync(this.dir, { recursive: true });
    // without --force `wx` refuses a file that appeared meanwhile rather than replacing it
    const flag = this.options.force ? 'w' : 'wx';
    writeFileSync(files.key, issued.key, { mode: 0o600, flag });
    writeFileSync(files.cert, issued.cert, { mode: 0o644, flag });
  }
}

function exists(files: Issued): boolean {
  return existsSync(files.cert) && existsSync(files.key);
}

function read(files: Issued): Issued {
  return { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
}
