import { tokenDigest } from '@healthcare/credentials';
import type { DeviceCredential } from '@healthcare/database';
import { RegistryView } from './registry-view.js';

// counts the digests a view computes; the digest itself is the real one
jest.mock('@healthcare/credentials', () => {
  const actual =
    jest.requireActual<typeof import('@healthcare/credentials')>('@healthcare/credentials');
  return { ...actual, tokenDigest: jest.fn(actual.tokenDigest) };
});

const now = new Date('2026-12-01T10:00:00Z');
const hour = 3_600_000;

function credential(token: string, rest: Partial<DeviceCredential> = {}): DeviceCredential {
  return {
    digest: tokenDigest(token),
    deviceId: 'Temp_001',
    kind: 'temperature',
    enabled: true,
    notBefore: new Date(now.getTime() - hour),
    notAfter: null,
    ...rest,
  };
}

describe('RegistryView', () => {
  const view = new RegistryView(
    [
      credential('current'),
      credential('in-grace', { notAfter: new Date(now.getTime() + 1000) }),
      credential('ended', { notAfter: new Date(now.getTime() - 1) }),
      credential('later', { notBefore: new Date(now.getTime() + hour) }),
      credential('off', { deviceId: 'Temp_002', enabled: false }),
    ],
    [
      { id: 'Temp_001', kind: 'temperature', enabled: true },
      { id: 'Temp_002', kind: 'temperature', enabled: false },
      { id: 'Heart_009', kind: 'heartRate', enabled: true },
    ],
    now,
  );
  const device = { id: 'Temp_001', kind: 'temperature' };

  it('finds the device of a valid token, also one in its grace period', () => {
    expect(view.lookup('current', now)).toEqual({ ok: true, device });
    expect(view.lookup('in-grace', now)).toEqual({ ok: true, device });
  });

  it('refuses an unknown token, one outside its window, and a disabled device', () => {
    expect(view.lookup('nobody', now)).toEqual({ ok: false, reason: 'unknown_token' });
    expect(view.lookup('ended', now)).toMatchObject({ reason: 'expired_token' });
    expect(view.lookup('later', now)).toMatchObject({ reason: 'expired_token' });
    expect(view.lookup('in-grace', new Date(now.getTime() + 1000))).toMatchObject({
      reason: 'expired_token',
    });
    expect(view.lookup('off', now)).toEqual({
      ok: false,
      reason: 'disabled',
      device: { id: 'Temp_002', kind: 'temperature' },
    });
  });

  it('finds a device by its id (a client certificate), enabled or not, whatever its tokens', () => {
    expect(view.lookupDevice('Temp_001')).toEqual({ ok: true, device });
    expect(view.lookupDevice('Heart_009')).toEqual({
      ok: true,
      device: { id: 'Heart_009', kind: 'heartRate' },
    });
    expect(view.lookupDevice('Temp_002')).toEqual({
      ok: false,
      reason: 'disabled',
      device: { id: 'Temp_002', kind: 'temperature' },
    });
    expect(view.lookupDevice('Nobody')).toEqual({ ok: false, reason: 'unknown_device' });
  });

  describe('tokens already digested in a view', () => {
    const digests = jest.mocked(tokenDigest);
    const known = (rest: Partial<DeviceCredential> = {}) => [credential('cached', rest)];
    const devices = [{ id: 'Temp_001', kind: 'temperature' as const, enabled: true }];

    it('are digested once per view, while an unknown token is digested every time', () => {
      const one = new RegistryView(known(), devices, now);
      digests.mockClear();
      expect(one.lookup('cached', now)).toEqual({ ok: true, device });
      expect(one.lookup('cached', now)).toEqual({ ok: true, device });
      expect(one.lookup('nobody', now)).toEqual({ ok: false, reason: 'unknown_token' });
      expect(one.lookup('nobody', now)).toEqual({ ok: false, reason: 'unknown_token' });
      expect(digests.mock.calls.map(([token]) => token)).toEqual(['cached', 'nobody', 'nobody']);
    });

    it('are refused once their window ends, though found before', () => {
      const end = new Date(now.getTime() + 1000);
      const one = new RegistryView(known({ notAfter: end }), devices, now);
      expect(one.lookup('cached', now)).toEqual({ ok: true, device });
      expect(one.lookup('cached', end)).toEqual({ ok: false, reason: 'expired_token', device });
    });

    it('answer with what was built when found, by the window of the moment asked', () => {
      const end = new Date(now.getTime() + 1000);
      const one = new RegistryView(known({ notAfter: end }), devices, now);
      const first = one.lookup('cached', now);
      expect(one.lookup('cached', new Date(end.getTime() - 1))).toBe(first);
      expect(one.lookup('cached', end.getTime())).toEqual({
        ok: false,
        reason: 'expired_token',
        device,
      });
    });

    it('count for nothing in the next view: disabled or removed there, they are refused', () => {
      const one = new RegistryView(known(), devices, now);
      const disabled = new RegistryView(known({ enabled: false }), devices, now);
      const removed = new RegistryView([], devices, now);
      digests.mockClear();
      expect(one.lookup('cached', now)).toEqual({ ok: true, device });
      expect(disabled.lookup('cached', now)).toEqual({ ok: false, reason: 'disabled', device });
      expect(removed.lookup('cached', now)).toEqual({ ok: false, reason: 'unknown_token' });
      expect(digests).toHaveBeenCalledTimes(3);
    });

    it("are kept by the view that replaces theirs, with its credential's answers, while in it", () => {
      const one = new RegistryView(known(), devices, now);
      expect(one.lookup('cached', now)).toEqual({ ok: true, device });
      const ended = new Date(now.getTime() - 1);
      const disabled = new RegistryView(known({ enabled: false }), devices, now, one);
      const expired = new RegistryView(known({ notAfter: ended }), devices, now, disabled);
      const removed = new RegistryView([], devices, now, expired);
      const back = new RegistryView(known(), devices, now, removed);
      digests.mockClear();
      expect(disabled.lookup('cached', now)).toEqual({ ok: false, reason: 'disabled', device });
      expect(expired.lookup('cached', now)).toEqual({
        ok: false,
        reason: 'expired_token',
        device,
      });
      expect(digests).not.toHaveBeenCalled();
      // a credential gone from a view takes its token out of the views after it
      expect(removed.lookup('cached', now)).toEqual({ ok: false, reason: 'unknown_token' });
      expect(back.lookup('cached', now)).toEqual({ ok: true, device });
      expect(digests).toHaveBeenCalledTimes(2);
    });
  });
});
