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
  profiles?: string[];
  secrets?: (string | { source: string })[];
}

/**
 * The compose file as docker-compose itself reads it: `config` validates it offline and prints
 * it resolved (anchors merged, paths absolute). Debian's docker-compose package runs it with no
 * Docker engine; .ci/run installs it.
 */
function resolvedCompose(...overrides: string[]): {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
} {
  const files = ['docker-compose.yml', ...overrides].flatMap((file) => ['-f', join(ROOT, file)]);
  const text = execFileSync('docker-compose', [...files, 'config'], { encoding: 'utf8' });
  return parse(text) as ReturnType<typeof resolvedCompose>;
}

const APPS = [
  'gateway',
  'subscriber',
  'api',
  'sensor-temperature',
  'sensor-pressure',
  'sensor-heartrate',
];
/** Steps that run to their end before the services that need them. */
const ONE_SHOTS = ['certs', 'broker-access', 'migrate', 'devices'];

describe('docker-compose.yml', () => {
  const { services, volumes, secrets } = resolvedCompose();
  const inProfile = (profile: string) =>
    Object.keys(services).filter((name) => services[name].profiles?.includes(profile));

  it('runs the whole stack, and Prometheus and Grafana with the profile observability', () => {
    const always = Object.keys(services).filter((name) => !services[name].profiles);
    expect(always.sort()).toEqual([...APPS, ...ONE_SHOTS, 'mosquitto', 'postgres'].sort());
    expect(inProfile('observability').sort()).toEqual(['grafana', 'prometheus']);
    expect(inProfile('replicas')).toEqual(['subscriber-2']);
  });

  it('runs a second subscriber replica, with docker-compose.replicas.yml, each on a login of its own in one shared group', () => {
    expect(services['broker-access'].environment?.MQTT_SUBSCRIBER_REPLICAS).toBe('1');
    const replicated = resolvedCompose('docker-compose.replicas.yml').services;
    // the logins broker-access makes for two replicas (libs/config subscriberUsernames)
    expect(replicated['broker-access'].environment?.MQTT_SUBSCRIBER_REPLICAS).toBe('2');
    const replicas = ['subscriber', 'subscriber-2'].map(
      (name) => replicated[name].environment ?? {},
    );
    expect(replicas.map((env) => env.MQTT_USERNAME)).toEqual([
      'healthcare-subscriber-1',
      'healthcare-subscriber-2',
    ]);
    for (const env of replicas) {
      expect(env.MQTT_CLIENT_ID).toBe(env.MQTT_USERNAME);
      expect(env.MQTT_SHARED_GROUP).toBe('storers');
      expect(env.MQTT_PASSWORD).toBe(
        replicated['broker-access'].environment?.MQTT_SUBSCRIBER_PASSWORD,
      );
    }
    expect(replicated['subscriber-2'].depends_on).toEqual(replicated.subscriber.depends_on);
    expect(replicated['subscriber-2'].command).toEqual(replicated.subscriber.command);
  });

  const mountsCerts = (name: string) =>
    (services[name].volumes ?? []).some((volume) =>
      (typeof volume === 'string' ? volume : volume.source)?.toString().startsWith('certs'),
    );

  it('makes the certificates once, with pnpm certs, before anything that uses them starts', () => {
    expect(services.certs.restart).toBe('no');
    expect(services.certs.command?.slice(0, 4)).toEqual([
      'node',
      'tools/certs/dist/main.js',
      '--dir',
      '/certs',
    ]);
    const users = Object.keys(services).filter((name) => name !== 'certs' && mountsCerts(name));
    expect(users).toEqual(expect.arrayContaining(['mosquitto', 'postgres', ...APPS]));
    for (const name of users) {
      expect(services[name].depends_on?.certs?.condition).toBe('service_completed_successfully');
    }
  });

  it('runs TLS on every hop', () => {
    const gateway = services.gateway.environment ?? {};
    expect(gateway.TLS_CERT_FILE).toBe('/certs/server.crt');
    // every app's HTTP port (health, metrics, the read API) serves HTTPS for its service name,
    // and its healthcheck trusts the stack's CA
    const names = services.certs.command?.[services.certs.command.indexOf('--names') + 1];
    for (const [name, port] of [
      ['gateway', 5000],
      ['subscriber', 5001],
      ['api', 5002],
    ] as const) {
      const env = services[name].environment ?? {};
      expect([name, env.TLS_CERT_FILE, env.TLS_KEY_FILE, env.NODE_EXTRA_CA_CERTS]).toEqual([
        name,
        '/certs/server.crt',
        '/certs/server.key',
        '/certs/ca.crt',
      ]);
      expect(names?.split(',')).toContain(name);
      expect(services[name].healthcheck?.test).toEqual([
        'CMD',
        'node',
        'docker/healthcheck.mjs',
        `https://localhost:${port}/health`,
      ]);
    }
    expect(gateway.MQTT_URL).toMatch(/^mqtts:\/\/mosquitto:8883$/);
    expect(services.subscriber.environment?.MQTT_URL).toMatch(/^mqtts:/);
    for (const name of ['gateway', 'subscriber', 'api', 'migrate', 'devices']) {
      expect(services[name].environment?.DATABASE_URL).toMatch(
        /\?sslmode=verify-full&sslrootcert=\/certs\/ca\.crt$/,
      );
    }
    for (const name of APPS.filter((app) => app.startsWith('sensor-'))) {
      expect(services[name].environment?.TLS_CA_FILE).toBe('/certs/ca.crt');
    }
    expect(services.postgres.command).toEqual(expect.arrayContaining(['ssl=on']));
    expect(readFileSync(join(ROOT, 'docker/mosquitto/mosquitto.conf'), 'utf8')).toMatch(
      /^listener 8883\ncertfile \S+\nkeyfile \S+$/m,
    );
  });

  it('gives the metrics token to the apps from the environment and to Prometheus from a file outside the repository', () => {
    expect(services.gateway.environment?.METRICS_TOKEN).toBe('');
    expect(services.subscriber.environment?.METRICS_TOKEN).toBe('');
    expect(services.api.environment?.METRICS_TOKEN).toBe('');
    const mounted = (name: string) =>
      (services[name].secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
    expect(mounted('prometheus')).toEqual(['metrics_token']);
    expect(mounted('grafana')).toEqual(['grafana_admin_password']);
    for (const { file } of Object.values(secrets)) {
      expect(file).toMatch(/\/\.secrets\//);
    }
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^\/\.secrets\/$/m);
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8')).toMatch(/^\.secrets$/m);
  });

  it.each(ONE_SHOTS)('%s runs once, from the app image', (name) => {
    expect(services[name].restart).toBe('no');
    expect(services[name].build?.dockerfile).toBe('docker/app.Dockerfile');
  });

  it.each(Object.keys(services).filter((name) => !ONE_SHOTS.includes(name)))(
    '%s has a healthcheck and a restart policy',
    (name) => {
      const test = services[name].healthcheck?.test;
      expect(test).toBeTruthy();
      // podman's Docker API splits a CMD argument on spaces: keep every argument one word
      if (Array.isArray(test) && test[0] === 'CMD') {
        expect(test.filter((arg) => /\s/.test(arg))).toEqual([]);
      }
      expect(services[name].restart).toBe('unless-stopped');
    },
  );

  it('starts each service once what it needs is healthy, or has run to its end', () => {
    const needs: Record<string, string[]> = {
      mosquitto: ['broker-access'],
      migrate: ['postgres'],
      // the subscriber is healthy once subscribed: the broker drops what no subscription matches
      // and the device registry
      gateway: ['mosquitto', 'subscriber', 'postgres'],
      subscriber: ['mosquitto', 'migrate'],
      devices: ['migrate'],
      'sensor-temperature': ['gateway', 'devices'],
      'sensor-pressure': ['gateway', 'devices'],
      'sensor-heartrate': ['gateway', 'devices'],
      // the migrate step makes the tables the API reads
      api: ['migrate'],
    };
    for (const [name, dependencies] of Object.entries(needs)) {
      const dependsOn = services[name].depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...dependencies, 'certs'].sort());
      for (const dependency of dependencies) {
        expect(dependsOn[dependency].condition).toBe(
          ONE_SHOTS.includes(dependency) ? 'service_completed_successfully' : 'service_healthy',
        );
      }
    }
  });

  it('gives every service its own login, and no app the database owner', () => {
    const env = (name: string) => services[name].environment ?? {};
    expect(env('gateway').MQTT_USERNAME).toBe('healthcare-gateway');
    expect(env('subscriber').MQTT_USERNAME).toBe('healthcare-subscriber');
    expect(env('subscriber').DATABASE_URL).toMatch(/^postgres:\/\/healthcare_writer:/);
    expect(env('migrate').DATABASE_URL).toMatch(/^postgres:\/\/postgres:/);
    for (const name of APPS) {
      expect(env(name).DATABASE_URL ?? '').not.toMatch(/^postgres:\/\/postgres:/);
    }
    // passwords from settings: the same value wherever one login appears
    expect(env('subscriber').MQTT_PASSWORD).toBe(env('broker-access').MQTT_SUBSCRIBER_PASSWORD);
    expect(env('gateway').MQTT_PASSWORD).toBe(env('broker-access').MQTT_GATEWAY_PASSWORD);
    expect(env('subscriber').DATABASE_URL).toContain(
      `:${env('migrate').DATABASE_WRITER_PASSWORD}@`,
    );
    expect(env('migrate').DATABASE_URL).toContain(`:${env('postgres').POSTGRES_PASSWORD}@`);
  });

  it('publishes PostgreSQL on this machine only', () => {
    const published = (services.postgres.ports ?? []).map((p) =>
      typeof p === 'string' ? p : JSON.stringify(p),
    );
    expect(published).toHaveLength(1);
    expect(published[0]).toMatch(/^127\.0\.0\.1:5432:5432|"host_ip":"127\.0\.0\.1"/);
  });

  it('registers the sensors once before they start and hands each its own token', () => {
    const devices = services.devices;
    const script = (devices.command ?? []).join(' ');
    for (const [name, id, kind] of [
      ['sensor-temperature', 'Temp_001', 'temperature'],
      ['sensor-pressure', 'Press_001', 'pressure'],
      ['sensor-heartrate', 'Heart_001', 'heartRate'],
    ]) {
      expect(script).toContain(`${id}:${kind}`);
      expect(services[name].environment?.DEVICE_TOKEN_FILE).toBe(`/app/device-tokens/${id}`);
      const mounts = (services[name].volumes ?? []).map((v) =>
        typeof v === 'string' ? v : `${v.source}:${v.target}`,
      );
      expect(mounts).toContain('device-tokens:/app/device-tokens:ro');
    }
    expect(script).toContain('tools/devices/dist/main.js add');
    expect(readFileSync(join(ROOT, 'docker/app.Dockerfile'), 'utf8')).toContain(
      'tools/devices/tsconfig.app.json',
    );
    expect(services.gateway.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/healthcare_registry:[^@]+@postgres:5432\/healthcare(\?|$)/,
    );
  });

  it('tells a person to add readers and devices in a service that logs in as the owner', () => {
    // the api's reader role may not write the reader table: `exec api … readers.js` failed
    const text = [
      readFileSync(join(ROOT, 'README.md'), 'utf8'),
      readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'),
    ].join('\n');
    const calls = [
      ...text.matchAll(
        /docker compose (?:exec|run)(?: -\S+)* ([\w-]+) node tools\/(?:readers|devices)\/dist\//g,
      ),
    ];
    expect(calls.length).toBeGreaterThan(0);
    for (const [call, service] of calls) {
      expect([call, services[service]?.environment?.DATABASE_URL]).toEqual([
        call,
        expect.stringMatching(/^postgres:\/\/postgres:/),
      ]);
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
    // the password file and ACL broker-access writes
    expect(mounts('mosquitto').join('\n')).toContain('mosquitto-access:/mosquitto/access');
    expect(mounts('broker-access').join('\n')).toContain('mosquitto-access:/broker-access');
    expect(mounts('postgres').join('\n')).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(volumes).sort()).toEqual([
      'certs',
      'device-tokens',
      'grafana-data',
      'mosquitto-access',
      'mosquitto-data',
      'postgres-data',
      'prometheus-data',
    ]);
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
