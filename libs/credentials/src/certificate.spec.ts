import { certificateDeviceId, deviceSubject } from './certificate.js';

describe('device certificates', () => {
  it('names the device as the one common name of the subject', () => {
    expect(deviceSubject('Temp_042')).toBe('CN=Temp_042');
    expect(certificateDeviceId({ CN: 'Temp_042' })).toBe('Temp_042');
  });

  it('names no device without a common name, with several, or with an empty one', () => {
    expect(certificateDeviceId(undefined)).toBeUndefined();
    expect(certificateDeviceId({})).toBeUndefined();
    expect(certificateDeviceId({ CN: ['Temp_042', 'Temp_043'] })).toBeUndefined();
    expect(certificateDeviceId({ CN: '' })).toBeUndefined();
  });

  it('escapes what has a meaning in a distinguished name', () => {
    expect(deviceSubject('a,b=c')).toBe('CN=a\\,b\\=c');
  });
});
