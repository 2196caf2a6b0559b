import { isValidAt } from '@healthcare/credentials';
import type { DeviceCredential } from '@healthcare/database';
import type { ReadingKind } from '@healthcare/contracts';

/** What a valid token stands for: one device, which may send one kind of reading. */
export interface Device {
  id: string;
  kind: ReadingKind;
}

export type Lookup =
  | { ok: true; device: Device }
  | { ok: false; reason: 'unknown_token' | 'expired_token' | 'disabled'; device?: Device };

/**
 * The registry as one gateway last read it: credentials by the digest of their token. A lookup is
 * one Map access and a clock comparison, so no reading waits for the database; a view replaces
 * the whole map at once.
 */
export class RegistryView {
  private readonly byDigest: Map<string, DeviceCredential>;

  constructor(
    credentials: DeviceCredential[],
    readonly readAt: Date,
  ) {
    this.byDigest = new Map(credentials.map((c) => [key(c.digest), c]));
  }

  get size(): number {
    return this.byDigest.size;
  }

  lookup(digest: Buffer, at = new Date()): Lookup {
    const credential = this.byDigest.get(key(digest));
    if (!credential) return { ok: false, reason: 'unknown_token' };
    const device = { id: credential.deviceId, kind: credential.kind };
    if (!isValidAt(credential, at)) return { ok: false, reason: 'expired_token', device };
    if (!credential.enabled) return { ok: false, reason: 'disabled', device };
    return { ok: true, device };
  }
}

function key(digest: Buffer): string {
  return digest.toString('base64');
}
