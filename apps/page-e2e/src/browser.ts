import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@healthcare/testing';
import { chromium, type Browser } from 'playwright-core';

/** Screenshots of the suite: a git-ignored folder, kept as test artefacts. */
export const ARTEFACTS = join(WORKSPACE_ROOT, 'apps/page-e2e/artefacts');

/** Debian's Chromium, headless; nothing else is downloaded or reached. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTEFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
