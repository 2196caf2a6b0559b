import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateFolder, RefusedError } from './certificate-folder.js';

describe('CertificateFolder', () => {
  let dir: string;
  const folder = (force = false) => new CertificateFolder(dir, { days: 30, force });
  const cert = (name: string) => new X509Certificate(readFileSync(join(dir, `${name}.crt`)));

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'certs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a CA, a server certificate for the names and localhost, and device certificates', async () => {
    await folder().make({ names: ['gateway', '10.1.2.3'], devices: ['Temp_042'] });

    const ca = cert('ca');
    expect(ca.ca).toBe(true);
    const server = cert('server');
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe(
      'DNS:gateway, IP Address:10.1.2.3, DNS:localhost, IP Address:127.0.0.1',
    );
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    const device = cert('devices/Temp_042');
    expect(device.subject).toBe('CN=Temp_042');
    expect(device.verify(ca.publicKey)).toBe(true);
    expect(device.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    for (const key of ['ca.key', 'server.key', 'devices/Temp_042.key']) {
      expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps what is there and signs new devices with the same CA', async () => {
    await folder().make({ names: [], devices: [] });
    const before = readFileSync(join(dir, 'server.crt'), 'utf8');

    const said = await folder().make({ names: [], devices: ['Heart_001'] });

    expect(said).toEqual([
      `kept ${join(dir, 'ca.crt')} (the CA)`,
      `kept ${join(dir, 'server.crt')} (for localhost, 127.0.0.1)`,
      `made ${join(dir, 'devices/Heart_001.crt')} (subject CN=Heart_001)`,
    ]);
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).toBe(before);
    expect(cert('devices/Heart_001').verify(cert('ca').publicKey)).toBe(true);
  });

  it('refuses to replace a server certificate for other names, unless forced', async () => {
    await folder().make({ names: ['gateway'], devices: [] });
    const before = readFileSync(join(dir, 'server.crt'), 'utf8');

    await expect(folder().make({ names: ['broker'], devices: [] })).rejects.toThrow(
      /server\.crt is for gateway, localhost, 127\.0\.0\.1, not broker: use --force/,
    );
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).toBe(before);

    await folder(true).make({ names: ['broker'], devices: [] });
    expect(cert('server').subjectAltName).toBe('DNS:broker, DNS:localhost, IP Address:127.0.0.1');
  });

  it('refuses to make a new CA beside certificates of the old one', async () => {
    await folder().make({ names: [], devices: [] });
    rmSync(join(dir, 'ca.key'));

    await expect(folder().make({ names: [], devices: [] })).rejects.toThrow(RefusedError);
  });

  it('refuses a device name that is not a sensor_id', async () => {
    await expect(folder().make({ names: [], devices: ['CN=x,O=y'] })).rejects.toThrow(
      /not a sensor_id/,
    );
  });
});
