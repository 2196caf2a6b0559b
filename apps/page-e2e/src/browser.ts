import { createHash, X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@healthcare/testing';
import { chromium, type Browser } from 'playwright-core';

/** Screenshots of the suite: a git-ignored folder, kept as test artefacts. */
export const ARTEFACTS = join(WORKSPACE_ROOT, 'apps/page-e2e/artefacts');

/**
 * Debian's Chromium, headless; nothing else is downloaded or reached. With `serverCertificate`
 * (PEM) it trusts a server presenting that certificate's key, as if its CA were installed, and
 * still refuses any other certificate it cannot verify.
 */
export async function launchChromium(serverCertificate?: Buffer): Promise<Browser> {
  await mkdir(ARTEFACTS, { recursive: true });
  const trust = serverCertificate
    ? [`--ignore-certificate-errors-spki-list=${spkiHash(serverCertificate)}`]
    : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...trust],
  });
}

/** Chromium's pin of a certificate's key: base64 of the SHA-256 of its SubjectPublicKeyInfo. */
function spkiHash(pem: Buffer): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
