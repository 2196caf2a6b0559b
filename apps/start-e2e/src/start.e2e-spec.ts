import { countAll, freePort, waitFor, WORKSPACE_ROOT } from '@healthcare/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOf, descendants, isAlive } from './process-tree.js';

describe('pnpm start', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'start-e2e-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the pipeline on embedded services until Ctrl-C, then leaves no process behind', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EMBEDDED_DATA_DIR: dataDir,
      INTERVAL_MS: '300',
      PROGRESS_MS: '1000',
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      SUBSCRIBER_HTTP_PORT: String(await freePort()),
    };
    // what a user runs has none of these set
    delete env.MQTT_URL;
    delete env.DATABASE_URL;
    // a process group of its own, as a terminal gives a command: Ctrl-C signals the whole group
    const pnpm = spawn('pnpm', ['start'], { cwd: WORKSPACE_ROOT, env, detached: true });
    let output = '';
    pnpm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    pnpm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<string>((resolve) =>
      pnpm.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    const describeFailure = (err: Error) => {
      throw new Error(`${err.message}\n--- pnpm start output ---\n${output}`);
    };

    const databaseUrl = await waitFor(() => /^DATABASE_URL=(\S+)$/m.exec(output)?.[1], {
      timeoutMs: 180_000,
      what: 'pnpm start to print DATABASE_URL=',
    }).catch(describeFailure);
    expect(output).toMatch(/^MQTT_URL=mqtt:\/\/\S+$/m);
    expect(output).toMatch(
      /psql \S+ -c 'SELECT \* FROM heart_rate ORDER BY timestamp DESC LIMIT 10'/,
    );

    const counts = await waitFor(
      async () => {
        const counts = await countAll(databaseUrl);
        return Object.values(counts).every((n) => n > 0) ? counts : undefined;
      },
      { timeoutMs: 60_000, what: 'rows in all three tables' },
    ).catch(describeFailure);
    expect(counts.temperature).toBeGreaterThan(0);
    expect(output).toMatch(/rows stored: temperature=\d+ pressure=\d+ heart_rate=\d+/);

    const started = descendants(pnpm.pid!);
    const names = started.map((pid) => commandOf(pid) ?? '').join('\n');
    for (const app of [
      'gateway',
      'subscriber',
      'sensor-temperature',
      'sensor-pressure',
      'sensor-heartrate',
    ]) {
      expect(names).toContain(`apps/${app}/dist/main.js`);
    }
    expect(names).toMatch(/postgres/);

    process.kill(-pnpm.pid!, 'SIGINT');
    // as in a terminal: pnpm ends by the signal (or with 0), whatever it ran has stopped
    expect(['SIGINT', 'code 0']).toContain(await exited);
    await waitFor(() => started.every((pid) => !isAlive(pid)), {
      timeoutMs: 30_000,
      what: 'every process pnpm start started to be gone',
    }).catch(() => {
      const left = started.filter(isAlive).map((pid) => `${pid} ${commandOf(pid)}`);
      throw new Error(`still running after Ctrl-C:\n${left.join('\n')}\n--- output ---\n${output}`);
    });
    expect(output).toMatch(/\[start\] stopped/);
  });
});
