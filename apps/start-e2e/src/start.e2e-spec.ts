import {
  countAll,
  freePort,
  ManagedProcess,
  query,
  waitFor,
  WORKSPACE_ROOT,
} from '@healthcare/testing';
import mqtt from 'mqtt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOf, descendants, isAlive } from './process-tree.js';

const APPS = [
  'gateway',
  'subscriber',
  'api',
  'sensor-temperature',
  'sensor-pressure',
  'sensor-heartrate',
];

describe('pnpm start', () => {
  let dataDir: string;
  const runs: ManagedProcess[] = [];
  /** What the first run printed, for the second to compare with. */
  let firstRun: { mqttUrl: string; databaseUrl: string } | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'start-e2e-'));
  });

  afterAll(async () => {
    // whatever the outcome: every run's whole group down before its database's folder goes
    await Promise.all(runs.map((run) => run.stop('SIGINT', 30_000)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** `pnpm start` in a process group of its own, as a terminal runs a command. */
  async function start(settings: Record<string, string> = {}): Promise<ManagedProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EMBEDDED_DATA_DIR: dataDir,
      INTERVAL_MS: '300',
      PROGRESS_MS: '1000',
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      SUBSCRIBER_HTTP_PORT: String(await freePort()),
      API_PORT: String(await freePort()),
      ...settings,
    };
    // what a user runs has none of these set
    delete env.MQTT_URL;
    delete env.DATABASE_URL;
    const run = ManagedProcess.spawn({
      name: 'pnpm start',
      command: 'pnpm',
      args: ['start'],
      cwd: WORKSPACE_ROOT,
      env,
      group: true,
    });
    runs.push(run);
    return run;
  }

  /** Waits until every app runs, and returns every process below pnpm. */
  async function pipelineOf(run: ManagedProcess): Promise<number[]> {
    await run.waitForOutput(/^Ctrl-C stops everything\.$/m, 180_000);
    const tree = descendants(run.pid!);
    const names = tree.map((pid) => commandOf(pid) ?? '').join('\n');
    for (const app of APPS) expect(names).toContain(`apps/${app}/dist/main.js`);
    expect(names).toMatch(/postgres/);
    return tree;
  }

  async function expectAllGone(tree: number[], run: ManagedProcess, after: string): Promise<void> {
    await waitFor(() => tree.every((pid) => !isAlive(pid)), {
      timeoutMs: 30_000,
      what: `every process pnpm start started to be gone after ${after}`,
    }).catch(() => {
      const left = tree.filter(isAlive).map((pid) => `${pid} ${commandOf(pid)}`);
      throw new Error(
        `still running after ${after}:\n${left.join('\n')}\n--- output ---\n${run.output()}`,
      );
    });
  }

  it('runs the pipeline on embedded services until Ctrl-C, then leaves no process behind', async () => {
    const run = await start();
    const tree = await pipelineOf(run);
    const output = () => run.output();
    const databaseUrl = /^DATABASE_URL=(\S+)$/m.exec(output())![1];
    const mqttUrl = /^MQTT_URL=(mqtt:\/\/\S+)$/m.exec(output())![1];
    firstRun = { mqttUrl, databaseUrl };
    const { hostname, port } = new URL(mqttUrl);
    expect(output()).toMatch(
      new RegExp(
        `mosquitto_sub -h ${hostname} -p ${port} -u healthcare-monitor -P \\S+ ` +
          '-t temperature -t pressure -t heartRate -v',
      ),
    );
    expect(output()).toContain(
      `psql ${databaseUrl} -c 'SELECT * FROM heart_rate ORDER BY timestamp DESC LIMIT 10'`,
    );

    const counts = await waitFor(
      async () => {
        const counts = await countAll(databaseUrl);
        return Object.values(counts).every((n) => n > 0) ? counts : undefined;
      },
      { timeoutMs: 60_000, what: 'rows in all three tables' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- pnpm start output ---\n${output()}`);
    });
    expect(counts.temperature).toBeGreaterThan(0);
    // least privilege: the embedded broker takes no anonymous client, the subscriber writes as
    // the writer role (libs/database ROLE_GRANTS)
    await expect(
      mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0, connectTimeout: 5000 }),
    ).rejects.toThrow(/Bad username or password/);
    expect(
      await query(
        databaseUrl,
        "SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'healthcare-subscriber'",
      ),
    ).toEqual([{ usename: 'healthcare_writer' }]);
    // the progress line comes on its own clock, not with the rows: wait for one that has them all
    await run.waitForOutput(
      /rows stored: temperature=[1-9]\d* pressure=[1-9]\d* heart_rate=[1-9]\d*/,
      30_000,
    );

    // the read API answers with the reader token printed
    const token = /^READER_TOKEN=(hiot_\S+)$/m.exec(output())![1];
    const api = /Read API {3}(http:\/\/localhost:\d+)\/devices/.exec(output())![1];
    const devices = await fetch(`${api}/devices`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(devices.status).toBe(200);
    expect((await fetch(`${api}/devices`)).status).toBe(401);

    run.signal('SIGINT');
    // as in a terminal: pnpm ends by the signal (or with 0), whatever it ran has stopped
    const code = await run.exited;
    expect(String(run.child.signalCode ?? code)).toMatch(/^(SIGINT|0)$/);
    await expectAllGone(tree, run, 'Ctrl-C');
    expect(output()).toMatch(/\[start\] stopped/);
  });

  it('runs again on the same ports, passes LOG_FORMAT to the apps, and stops whole when pnpm alone gets SIGTERM', async () => {
    const run = await start({ LOG_FORMAT: 'json' });
    const tree = await pipelineOf(run);

    // the commands printed by the last run still work
    expect(run.output()).toContain(`MQTT_URL=${firstRun!.mqttUrl}\n`);
    expect(run.output()).toContain(`DATABASE_URL=${firstRun!.databaseUrl}\n`);
    expect(run.output()).toMatch(/^\{"app":"gateway",.*"message":/m);

    // what a process manager or a closing terminal sends: to pnpm only, not to its group
    process.kill(run.pid!, 'SIGTERM');
    await expectAllGone(tree, run, 'SIGTERM to pnpm');
    expect(run.output()).toMatch(/\[start\] stopped/);
  });

  it('refuses at once, naming them, the TLS settings its apps would serve with', async () => {
    const run = await start({ TLS_CERT_FILE: '/nowhere/server.crt', TLS_KEY_FILE: '/nowhere/k' });
    const code = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toMatch(
      /\[start\] failed to start: TLS_CERT_FILE, TLS_KEY_FILE are set, but pnpm start runs its apps without TLS/,
    );
    // refused before anything started
    expect(run.output()).not.toMatch(/Mosquitto|PostgreSQL|\[gateway\]/);
  });
});
