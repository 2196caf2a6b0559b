import { isValidAt, tokenDigest } from '@healthcare/credentials';
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
  /**
   * Tokens already digested and found in this view, so a device's later requests skip the
   * digest. It lives and dies with the view (a refresh starts an empty one), holds only tokens
   * of the view's credentials (no unknown token is kept), and decides nothing by itself: the
   * window and the enabled flag are checked on every lookup as for a fresh digest.
   */
  private readonly byToken = new Map<string, DeviceCredential>();

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

  lookup(token: string, at = new Date()): Lookup {
    let credential = this.byToken.get(token);
    if (!credential) {
      credential = this.byDigest.get(key(tokenDigest(token)));
      if (!credential) return { ok: false, reason: 'unknown_token' };
      this.byToken.set(token, credential);
    }
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
