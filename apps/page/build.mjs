// Bundles the live page (TypeScript, uPlot, the NEWS2 bands of @healthcare/early-warning) into
// apps/page/dist, which the API serves: nothing is fetched from the network when it runs.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const require = createRequire(import.meta.url);

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outfile: join(dist, 'page.js'),
  logLevel: 'warning',
});
await copyFile(join(here, 'src/index.html'), join(dist, 'index.html'));
await copyFile(join(here, 'src/page.css'), join(dist, 'page.css'));
await copyFile(require.resolve('uplot/dist/uPlot.min.css'), join(dist, 'uPlot.min.css'));
