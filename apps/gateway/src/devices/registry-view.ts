import { isValidAt, tokenDigest } from '@healthcare/credentials';
import type { DeviceCredential, RegisteredDevice } from '@healthcare/database';
import type { ReadingKind } from '@healthcare/contracts';

/** What a valid token or certificate stands for: one device, which may send one kind of reading. */
export interface Device {
  readonly id: string;
  readonly kind: ReadingKind;
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
   * Tokens already digested and found in this view, with their credential's answers, so a
   * device's later requests (each frame of a WebSocket) skip the digest and build nothing. It
   * lives and dies with the view (a refresh starts an empty one), holds only tokens of the view's
   * credentials (no unknown token is kept), and decides nothing by itself: the window is checked
   * on every lookup as for a fresh digest.
   */
  private readonly byToken = new Map<string, Found>();

  /**
   * `previous`: the view this one replaces. Its tokens whose digest is still a credential here
   * are kept with this view's credential and answers (a token's digest never changes), so a
   * refresh does not make every device's next request digest its token again.
   */
  constructor(
    credentials: DeviceCredential[],
    devices: RegisteredDevice[],
    readonly readAt: Date,
    previous?: RegistryView,
  ) {
    this.byDigest = new Map(credentials.map((c) => [key(c.digest), c]));
    this.byId = new Map(devices.map((d) => [d.id, d]));
    for (const [token, found] of previous?.byToken ?? []) {
      const credential = this.byDigest.get(found.key);
      if (credential) this.byToken.set(token, answers(credential, found.key));
    }
  }

  /** Valid credentials (tokens) in the view. */
  get size(): number {
    return this.byDigest.size;
  }

  get devices(): number {
    return this.byId.size;
  }

  /** `at`: when, as a Date or milliseconds since the epoch. */
  lookup(token: string, at: Date | number = Date.now()): Lookup {
    let found = this.byToken.get(token);
    if (!found) {
      const digest = key(tokenDigest(token));
      const credential = this.byDigest.get(digest);
      if (!credential) return { ok: false, reason: 'unknown_token' };
      found = answers(credential, digest);
      this.byToken.set(token, found);
    }
    return isValidAt(found.credential, at) ? found.inWindow : found.expired;
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

/** A credential found in a view, with its two possible answers, built once per view. */
interface Found {
  credential: DeviceCredential;
  /** The token's digest, as the view's credentials are keyed. */
  key: string;
  inWindow: Lookup;
  expired: Lookup;
}

function answers(credential: DeviceCredential, key: string): Found {
  const device: Device = { id: credential.deviceId, kind: credential.kind };
  return {
    credential,
    key,
    inWindow: credential.enabled ? { ok: true, device } : { ok: false, reason: 'disabled', device },
    expired: { ok: false, reason: 'expired_token', device },
  };
}

function key(digest: Buffer): string {
  return digest.toString('base64');
}
