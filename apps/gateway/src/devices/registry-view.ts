import { isValidAt } from '@healthcare/credentials';
import type { DeviceCredential, RegisteredDevice } from '@healthcare/database';
import type { ReadingKind } from '@healthcare/contracts';

/** What a valid token or certificate stands for: one device, which may send one kind of reading. */
export interface Device {
  id: string;
  kind: ReadingKind;
}

export type Lookup =
  | { ok: true; device: Device }
  | {
      ok: false;
      reason: 'unknown_token' | 'expired_token' | 'unknown_device' | 'disabled';
      device?: Device;
    };

/**
 * The registry as one gateway last read it: credentials by the digest of their token, devices by
 * their id (for client certificates, which name the device). A lookup is one Map access and a
 * clock comparison, so no reading waits for the database; a view replaces the whole maps at once.
 */
export class RegistryView {
  private readonly byDigest: Map<string, DeviceCredential>;
  private readonly byId: Map<string, RegisteredDevice>;

  constructor(
    credentials: DeviceCredential[],
    devices: RegisteredDevice[],
    readonly readAt: Date,
  ) {
    this.byDigest = new Map(credentials.map((c) => [key(c.digest), c]));
    this.byId = new Map(devices.map((d) => [d.id, d]));
  }

  /** Valid credentials (tokens) in the view. */
  get size(): number {
    return this.byDigest.size;
  }

  get devices(): number {
    return this.byId.size;
  }

  lookup(digest: Buffer, at = new Date()): Lookup {
    const credential = this.byDigest.get(key(digest));
    if (!credential) return { ok: false, reason: 'unknown_token' };
    const device = { id: credential.deviceId, kind: credential.kind };
    if (!isValidAt(credential, at)) return { ok: false, reason: 'expired_token', device };
    if (!credential.enabled) return { ok: false, reason: 'disabled', device };
    return { ok: true, device };
  }

  /** The device a verified client certificate names; its validity was checked by TLS. */
  lookupDevice(id: string): Lookup {
    const registered = this.byId.get(id);
    if (!registered) return { ok: false, reason: 'unknown_device' };
    const device = { id: registered.id, kind: registered.kind };
    if (!registered.enabled) return { ok: false, reason: 'disabled', device };
    return { ok: true, device };
  }
}

function key(digest: Buffer): string {
  return digest.toString('base64');
}
