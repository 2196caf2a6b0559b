import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PAGE_PATH = '/page/';

/** The live page as built by `nx run page:build` (apps/page/dist), beside apps/api. */
export const PAGE_DIR = fileURLToPath(new URL('../../../page/dist/', import.meta.url));

/**
 * Serves the live vitals page: public files only (HTML, script, styles), since every piece of
 * data it shows comes from the API with the reader's token.
 */
export function servePage(app: NestFastifyApplication, root = PAGE_DIR): boolean {
  if (!existsSync(root)) return false;
  app.useStaticAssets({ root, prefix: PAGE_PATH, index: 'index.html' });
  return true;
}
