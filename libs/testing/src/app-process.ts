import { APP_NODE_FLAGS } from '@healthcare/config/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './ports.js';
import { WORKSPACE_ROOT } from './workspace.js';

/**
 * One of the workspace's apps, built (`apps/<name>/dist/main.js`) and run as its own process,
 * the way it runs in production.
 */
export class AppProcess {
  private log = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(name: string, env: Record<string, string | undefined>): AppProcess {
    const child = spawn(process.execPath, [...APP_NODE_FLAGS, `apps/${name}/dist/main.js`], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return waitFor(
      () => {
        if (!this.running && !pattern.test(this.log)) {
          throw new Error(`${this.name} exited:\n${this.log}`);
        }
        return this.log.match(pattern);
      },
      { timeoutMs, what: `${this.name} to print ${pattern}` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.log}`);
    });
  }

  /** Sends the signal and waits for the exit; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): Promise<number | null> {
    return this.stop('SIGKILL');
  }
}
