import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

// .nvmrc names the Node that tools/use-node.sh puts on PATH; everything else follows its major
const wanted = read('.nvmrc').trim();
const major = wanted.split('.')[0];

describe('the Node version', () => {
  it('is one exact release in .nvmrc', () => {
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('is the one these tests run on (CI runs every suite through tools/use-node.sh)', () => {
    expect(process.versions.node.split('.')[0]).toBe(major);
  });

  it('is the image, the engines field and the Node types', () => {
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    const workspace = parse(read('pnpm-workspace.yaml')) as { overrides: Record<string, string> };
    expect(read('docker/app.Dockerfile')).toMatch(
      new RegExp(`^ARG NODE_IMAGE=node:${major}-bookworm-slim$`, 'm'),
    );
    expect(pkg.engines.node).toBe(`>=${major}`);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
    expect(workspace.overrides['@types/node']).toBe(pkg.devDependencies['@types/node']);
  });
});
