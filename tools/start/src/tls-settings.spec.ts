import { tlsRefusal } from './tls-settings.js';

describe('tlsRefusal', () => {
  it('lets pnpm start run when no TLS setting of the apps is set, or set empty', () => {
    expect(tlsRefusal({ PATH: '/usr/bin', MQTT_CA_FILE: '/ca.crt' })).toBeUndefined();
    expect(tlsRefusal({ TLS_CERT_FILE: '' })).toBeUndefined();
  });

  it('names every TLS setting that is set', () => {
    expect(tlsRefusal({ TLS_CERT_FILE: 'server.crt', TLS_KEY_FILE: 'server.key' })).toBe(
      'TLS_CERT_FILE, TLS_KEY_FILE are set, but pnpm start runs its apps without TLS: unset ' +
        'them, or run the pipeline on TLS with docker compose (README, TLS)',
    );
    expect(tlsRefusal({ TLS_CA_FILE: 'ca.crt' })).toMatch(/^TLS_CA_FILE is set, /);
  });
});
