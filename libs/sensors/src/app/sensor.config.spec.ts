import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followDeviceTokenFile, readDeviceToken, type SensorConfig } from './sensor.config.js';

const token = 'hiot_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const config = (settings: Partial<SensorConfig>) =>
  ({ DEVICE_TOKEN: '', DEVICE_TOKEN_FILE: '', ...settings }) as SensorConfig;

describe('readDeviceToken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-'));

  it('is DEVICE_TOKEN, else the file of DEVICE_TOKEN_FILE, else none', () => {
    const file = join(dir, 'token');
    writeFileSync(file, `${token}\n`);
    expect(readDeviceToken(config({ DEVICE_TOKEN: token }))).toBe(token);
    expect(readDeviceToken(config({ DEVICE_TOKEN_FILE: file }))).toBe(token);
    expect(readDeviceToken(config({}))).toBeUndefined();
  });

  it('refuses what is not a token, without showing it, and a file it cannot read', () => {
    const read = () => readDeviceToken(config({ DEVICE_TOKEN: 'secret-password' }));
    expect(read).toThrow('DEVICE_TOKEN does not hold a device token');
    expect(read).not.toThrow('secret-password');
    expect(() => readDeviceToken(config({ DEVICE_TOKEN_FILE: join(dir, 'none') }))).toThrow(
      /DEVICE_TOKEN_FILE \(.*none\) cannot be read/,
    );
  });
});

describe('followDeviceTokenFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-'));
  const rotated = 'hiot_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

  it('takes up a new token written to the file, once, and keeps it through a bad or missing file', () => {
    const file = join(dir, 'rotated');
    writeFileSync(file, `${token}\n`);
    const settings = config({ DEVICE_TOKEN: token, DEVICE_TOKEN_FILE: file });
    const changed = followDeviceTokenFile(settings)!;
    expect(changed()).toBe(false);
    writeFileSync(file, `${rotated}\n`);
    expect(changed()).toBe(true);
    expect(settings.DEVICE_TOKEN).toBe(rotated);
    expect(changed()).toBe(false);
    writeFileSync(file, 'hiot_BBBB');
    expect(changed()).toBe(false);
    rmSync(file);
    expect(changed()).toBe(false);
    expect(settings.DEVICE_TOKEN).toBe(rotated);
  });

  it('follows nothing without DEVICE_TOKEN_FILE', () => {
    expect(followDeviceTokenFile(config({ DEVICE_TOKEN: token }))).toBeUndefined();
  });
});
