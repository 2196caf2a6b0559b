import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  container_name?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: (string | { target: number; published: number })[];
  volumes?: (string | { source: string; target: string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
}

/**
 * The compose file as docker-compose itself reads it: `config` validates it offline and prints
 * it resolved (anchors merged, paths absolute). Debian's docker-compose package runs it with no
 * Docker engine; .ci/run installs it.
 */
function resolvedCompose(): {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
} {
  const text = execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], {
    encoding: 'utf8',
  });
  return parse(text) as { services: Record<string, Service>; volumes: Record<string, unknown> };
}

const APPS = ['gateway', 'subscriber', 'sensor-temperature', 'sensor-pressure', 'sensor-heartrate'];

describe('docker-compose.yml', () => {
  const { services, volumes } = resolvedCompose();

  it('runs the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual([...APPS, 'mosquitto', 'postgres'].sort());
  });

  it.each(Object.keys(services))('%s has a healthcheck and a restart policy', (name) => {
    expect(services[name].healthcheck?.test).toBeTruthy();
    expect(services[name].restart).toBe('unless-stopped');
  });

  it('starts each service once what it needs is healthy', () => {
    const needs: Record<string, string[]> = {
      gateway: ['mosquitto'],
      subscriber: ['mosquitto', 'postgres'],
      'sensor-temperature': ['gateway'],
      'sensor-pressure': ['gateway'],
      'sensor-heartrate': ['gateway'],
    };
    for (const [name, dependencies] of Object.entries(needs)) {
      const dependsOn = services[name].depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual(dependencies.sort());
      for (const dependency of dependencies) {
        expect(dependsOn[dependency].condition).toBe('service_healthy');
      }
    }
  });

  it('keeps the seed contract: postgres-db with database healthcare, gateway on 5000 and 7777', () => {
    expect(services.postgres.container_name).toBe('postgres-db');
    expect(services.postgres.environment?.POSTGRES_DB).toBe('healthcare');
    const published = (services.gateway.ports ?? []).map((p) =>
      typeof p === 'string' ? p : `${p.published}:${p.target}`,
    );
    expect(published).toEqual(expect.arrayContaining(['5000:5000', '7777:7777']));
    expect(services.subscriber.environment?.DATABASE_URL).toMatch(/@postgres:5432\/healthcare$/);
  });

  it('gives Mosquitto the project config and both stores a named volume', () => {
    const mounts = (name: string) =>
      (services[name].volumes ?? []).map((v) =>
        typeof v === 'string' ? v : `${v.source}:${v.target}`,
      );
    expect(mounts('mosquitto').join('\n')).toContain(
      'docker/mosquitto/mosquitto.conf:/mosquitto/config/mosquitto.conf',
    );
    expect(mounts('mosquitto').join('\n')).toContain('mosquitto-data:/mosquitto/data');
    expect(mounts('postgres').join('\n')).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(volumes).sort()).toEqual(['mosquitto-data', 'postgres-data']);
  });

  it.each(APPS)('%s is built from docker/app.Dockerfile and runs its own compiled app', (name) => {
    const service = services[name];
    expect(service.build?.dockerfile).toBe('docker/app.Dockerfile');
    expect(service.command).toEqual(['node', `apps/${name}/dist/main.js`]);
    expect(existsSync(join(ROOT, 'apps', name, 'tsconfig.app.json'))).toBe(true);
    expect(readFileSync(join(ROOT, 'docker/app.Dockerfile'), 'utf8')).toContain(
      `apps/${name}/tsconfig.app.json`,
    );
  });
});

describe('docker/app.Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'docker/app.Dockerfile'), 'utf8');

  it('builds in one stage and runs the result as an unprivileged user in another', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/pnpm install --prod/);
  });
});
