import { tokenDigest } from '@healthcare/credentials';
import type { DeviceCredential } from '@healthcare/database';
import { RegistryView } from './registry-view.js';

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
    expect(view.lookup(tokenDigest('current'), now)).toEqual({ ok: true, device });
    expect(view.lookup(tokenDigest('in-grace'), now)).toEqual({ ok: true, device });
  });

  it('refuses an unknown token, one outside its window, and a disabled device', () => {
    expect(view.lookup(tokenDigest('nobody'), now)).toEqual({ ok: false, reason: 'unknown_token' });
    expect(view.lookup(tokenDigest('ended'), now)).toMatchObject({ reason: 'expired_token' });
    expect(view.lookup(tokenDigest('later'), now)).toMatchObject({ reason: 'expired_token' });
    expect(view.lookup(tokenDigest('in-grace'), new Date(now.getTime() + 1000))).toMatchObject({
      reason: 'expired_token',
    });
    expect(view.lookup(tokenDigest('off'), now)).toEqual({
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
});
