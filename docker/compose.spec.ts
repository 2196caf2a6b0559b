import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
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
    expect(Object.keys(services).sort()).toEqual(
      [...APPS, 'certs', 'mosquitto', 'postgres'].sort(),
    );
  });

  const longRunning = Object.keys(services).filter((name) => name !== 'certs');

  it('makes the certificates once, with pnpm certs, before anything that uses them starts', () => {
    expect(services.certs.restart).toBe('no');
    expect(services.certs.command?.slice(0, 4)).toEqual([
      'node',
      'tools/certs/dist/main.js',
      '--dir',
      '/certs',
    ]);
    for (const name of longRunning) {
      expect(services[name].depends_on?.certs?.condition).toBe('service_completed_successfully');
    }
  });

  it('runs TLS on every hop', () => {
    const gateway = services.gateway.environment ?? {};
    expect(gateway.TLS_CERT_FILE).toBe('/certs/server.crt');
    expect(gateway.MQTT_URL).toMatch(/^mqtts:\/\/mosquitto:8883$/);
    expect(services.subscriber.environment?.MQTT_URL).toMatch(/^mqtts:/);
    expect(services.subscriber.environment?.DATABASE_URL).toMatch(
      /\?sslmode=verify-full&sslrootcert=\/certs\/ca\.crt$/,
    );
    for (const name of APPS.filter((app) => app.startsWith('sensor-'))) {
      expect(services[name].environment?.TLS_CA_FILE).toBe('/certs/ca.crt');
    }
    expect(services.postgres.command).toEqual(expect.arrayContaining(['ssl=on']));
    expect(readFileSync(join(ROOT, 'docker/mosquitto/mosquitto.conf'), 'utf8')).toMatch(
      /^listener 8883\ncertfile \S+\nkeyfile \S+$/m,
    );
  });

  it.each(longRunning)('%s has a healthcheck and a restart policy', (name) => {
    const test = services[name].healthcheck?.test;
    expect(test).toBeTruthy();
    // podman's Docker API splits a CMD argument on spaces: keep every argument one word
    if (Array.isArray(test) && test[0] === 'CMD') {
      expect(test.filter((arg) => /\s/.test(arg))).toEqual([]);
    }
    expect(services[name].restart).toBe('unless-stopped');
  });

  it('starts each service once what it needs is healthy', () => {
    const needs: Record<string, string[]> = {
      // the subscriber is healthy once subscribed: the broker drops what no subscription matches
      gateway: ['mosquitto', 'subscriber'],
      subscriber: ['mosquitto', 'postgres'],
      'sensor-temperature': ['gateway'],
      'sensor-pressure': ['gateway'],
      'sensor-heartrate': ['gateway'],
    };
    for (const [name, dependencies] of Object.entries(needs)) {
      const dependsOn = services[name].depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...dependencies, 'certs'].sort());
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
    expect(services.subscriber.environment?.DATABASE_URL).toMatch(/@postgres:5432\/healthcare\?/);
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
    expect(Object.keys(volumes).sort()).toEqual(['certs', 'mosquitto-data', 'postgres-data']);
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

describe('docker/healthcheck.mjs', () => {
  const check = (...args: string[]) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'docker/healthcheck.mjs'), ...args]);
      child.once('exit', resolve);
    });

  it('is healthy while the URL answers 2xx, not when it answers 503 or nothing', async () => {
    let status = 200;
    const server = createServer((_req, res) => res.writeHead(status).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    await expect(check(url)).resolves.toBe(0);
    status = 503;
    await expect(check(url)).resolves.toBe(1);
    await new Promise((resolve) => server.close(resolve));
    await expect(check(url)).resolves.toBe(1);
  });

  it('is healthy while the heartbeat file is younger than the limit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heartbeat-')), 'beat');
    await expect(check(file, '60000')).resolves.toBe(1);
    writeFileSync(file, 'now');
    await expect(check(file, '60000')).resolves.toBe(0);
    const old = new Date(Date.now() - 120_000);
    utimesSync(file, old, old);
    await expect(check(file, '60000')).resolves.toBe(1);
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
