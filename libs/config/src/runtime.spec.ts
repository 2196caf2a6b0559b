import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_FLAGS } from './runtime.js';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('APP_NODE_FLAGS, where they cannot be imported', () => {
  const flags = APP_NODE_FLAGS.join(' ');

  it('are the NODE_OPTIONS of the image', () => {
    expect(read('docker/app.Dockerfile')).toContain(`NODE_OPTIONS="${flags}"`);
  });

  it('are the NODE_OPTIONS of every Nx serve target, and no serve target spells flags of its own', () => {
    const nx = JSON.parse(read('nx.json')) as {
      targetDefaults: { serve: { options: { env: Record<string, string> } } };
    };
    expect(nx.targetDefaults.serve.options.env.NODE_OPTIONS).toBe(flags);
    const apps = readdirSync(join(ROOT, 'apps')).filter((dir) =>
      existsSync(join(ROOT, 'apps', dir, 'project.json')),
    );
    const serves = apps.flatMap((app) => {
      const project = JSON.parse(read(`apps/${app}/project.json`)) as {
        targets: { serve?: { command: string } };
      };
      return project.targets.serve ? [[app, project.targets.serve.command]] : [];
    });
    expect(serves.map(([app]) => app)).toEqual(expect.arrayContaining(['gateway', 'subscriber']));
    for (const [app, command] of serves) expect(command).toBe(`node apps/${app}/dist/main.js`);
  });
});
