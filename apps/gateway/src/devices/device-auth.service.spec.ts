import { Logger } from '@nestjs/common';
import { newToken, tokenDigest } from '@healthcare/credentials';
import type { DeviceCredential } from '@healthcare/database';
import type { GatewayConfig } from '../config/gateway.config.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/gateway-errors.js';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { AuthRefusals } from './auth-refusals.js';
import { DeviceAuth } from './device-auth.service.js';
import type { DeviceRegistry } from './device-registry.service.js';
import { RegistryView } from './registry-view.js';

const temp = newToken();
const heart = newToken();
const off = newToken();

function credential(
  token: string,
  deviceId: string,
  rest: Partial<DeviceCredential>,
): DeviceCredential {
  return {
    digest: tokenDigest(token),
    deviceId,
    kind: 'temperature' as const,
    enabled: true,
    notBefore: new Date(0),
    notAfter: null,
    ...rest,
  };
}

function auth(mode: GatewayConfig['DEVICE_AUTH'] = 'required') {
  const view = new RegistryView(
    [
      credential(temp, 'Temp_001', {}),
      credential(heart, 'Heart_001', { kind: 'heartRate' }),
      credential(off, 'Temp_002', { enabled: false }),
    ],
    [
      { id: 'Temp_001', kind: 'temperature', enabled: true },
      { id: 'Heart_001', kind: 'heartRate', enabled: true },
      { id: 'Temp_002', kind: 'temperature', enabled: false },
    ],
    new Date(),
  );
  const deviceRegistry = {
    enabled: mode === 'required',
    get view() {
      return current;
    },
  } as unknown as DeviceRegistry;
  let current = view;
  /** The registry read again with Temp_001 disabled. */
  const disableTemp001 = () => {
    current = new RegistryView(
      [],
      [{ id: 'Temp_001', kind: 'temperature', enabled: false }],
      new Date(),
    );
  };
  const registry = new Registry();
  const refusals = new AuthRefusals(new GatewayMetrics(registry));
  /** healthcare_gateway_auth_refusals_total of one protocol and reason. */
  const count = async (protocol: string, reason: string) =>
    (await registry.getSingleMetric('healthcare_gateway_auth_refusals_total')!.get()).values
      .filter((v) => v.labels.protocol === protocol && v.labels.reason === reason)
      .reduce((sum, v) => sum + v.value, 0);
  const warnings: string[] = [];
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: string) => void warnings.push(m));
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  return { auth: new DeviceAuth(deviceRegistry, refusals), count, warnings, disableTemp001 };
}

afterEach(() => jest.restoreAllMocks());

describe('DeviceAuth', () => {
  it("takes a device's token for its own kind and sensor_id", () => {
    const { auth: a } = auth();
    const credential = a.authenticate(`Bearer ${temp}`, 'temperature');
    expect(credential?.device).toEqual({ id: 'Temp_001', kind: 'temperature' });
    expect(() => a.authorize(credential, { sensor_id: 'Temp_001' })).not.toThrow();
  });

  it.each([
    [undefined, 'no_token'],
    ['Basic abc', 'no_token'],
    [`Bearer ${newToken()}`, 'unknown_token'],
  ] as const)('refuses %p as unauthenticated (%s)', async (header, reason) => {
    const { auth: a, count } = auth();
    expect(() => a.authenticate(header, 'temperature')).toThrow(UnauthenticatedError);
    expect(await count('rest', reason)).toBe(1);
  });

  it('refuses another kind, another sensor_id and a disabled device as forbidden', async () => {
    const { auth: a, count } = auth();
    expect(() => a.authenticate(`Bearer ${heart}`, 'temperature')).toThrow(ForbiddenError);
    expect(() => a.authenticate(`Bearer ${off}`, 'temperature')).toThrow(
      'device Temp_002 is disabled',
    );
    const credential = a.authenticate(`Bearer ${temp}`, 'temperature');
    expect(() => a.authorize(credential, { sensor_id: 'Temp_009' })).toThrow(ForbiddenError);
    expect(await count('rest', 'wrong_kind')).toBe(1);
    expect(await count('rest', 'disabled')).toBe(1);
    expect(await count('rest', 'wrong_sensor_id')).toBe(1);
  });

  it('logs a refusal once per device and reason, and again after the device was accepted', async () => {
    const { auth: a, count, warnings } = auth();
    const credential = a.authenticate(`Bearer ${temp}`, 'temperature');
    for (let i = 0; i < 3; i++) {
      expect(() => a.authorize(credential, { sensor_id: 'Temp_009' })).toThrow();
      expect(() => a.authenticate(undefined, 'temperature')).toThrow();
    }
    expect(warnings).toHaveLength(2);
    expect(await count('rest', 'wrong_sensor_id')).toBe(3);
    a.authorize(credential, { sensor_id: 'Temp_001' });
    expect(() => a.authorize(credential, { sensor_id: 'Temp_009' })).toThrow();
    expect(warnings).toHaveLength(3);
  });

  it('checks nothing with DEVICE_AUTH=off', () => {
    const { auth: a } = auth('off');
    const credential = a.authenticate(undefined, 'temperature');
    expect(credential).toBeUndefined();
    expect(() => a.authorize(credential, { sensor_id: 'anyone' })).not.toThrow();
  });

  describe('with a client certificate', () => {
    it('takes the device its subject names, for its own kind and sensor_id', () => {
      const { auth: a } = auth();
      const credential = a.authenticate(undefined, 'temperature', { CN: 'Temp_001' });
      expect(credential).toEqual({
        proof: { certificate: 'Temp_001' },
        device: { id: 'Temp_001', kind: 'temperature' },
      });
      expect(() => a.authorize(credential, { sensor_id: 'Temp_001' })).not.toThrow();
      expect(() => a.authorize(credential, { sensor_id: 'Temp_009' })).toThrow(
        'the certificate is device Temp_001\'s; it may not send readings of "Temp_009"',
      );
    });

    it('refuses an unregistered device and a subject without a name as unauthenticated', async () => {
      const { auth: a, count } = auth();
      const unknown = () => a.authenticate(undefined, 'pressure', { CN: 'Nobody' });
      expect(unknown).toThrow(UnauthenticatedError);
      expect(unknown).toThrow('no device Nobody in the registry');
      expect(() => a.authenticate(undefined, 'pressure', { CN: '' })).toThrow(
        'the client certificate names no device',
      );
      expect(await count('grpc', 'unknown_device')).toBe(3);
    });

    it('refuses a disabled device and another kind as forbidden', async () => {
      const { auth: a, count } = auth();
      expect(() => a.authenticate(undefined, 'temperature', { CN: 'Temp_002' })).toThrow(
        new ForbiddenError('device Temp_002 is disabled'),
      );
      expect(() => a.authenticate(undefined, 'heartRate', { CN: 'Temp_001' })).toThrow(
        new ForbiddenError('device Temp_001 may send temperature readings, not heartRate'),
      );
      expect(await count('rest', 'disabled')).toBe(1);
      expect(await count('websocket', 'wrong_kind')).toBe(1);
    });

    it('checks the device again as the registry changes (an open WebSocket)', () => {
      const { auth: a, disableTemp001 } = auth();
      const credential = a.authenticate(undefined, 'temperature', { CN: 'Temp_001' })!;
      expect(a.check(credential)).toEqual({ id: 'Temp_001', kind: 'temperature' });
      disableTemp001();
      expect(() => a.check(credential)).toThrow('device Temp_001 is disabled');
    });

    it('goes by the token whenever an Authorization header is given', () => {
      const { auth: a } = auth();
      expect(a.authenticate(`Bearer ${temp}`, 'temperature', { CN: 'Heart_001' })?.device).toEqual({
        id: 'Temp_001',
        kind: 'temperature',
      });
      expect(() => a.authenticate('Bearer nonsense', 'temperature', { CN: 'Temp_001' })).toThrow(
        UnauthenticatedError,
      );
    });
  });
});
