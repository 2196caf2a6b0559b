import { APP_NODE_FLAGS } from '@healthcare/config/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WORKSPACE_ROOT } from './workspace.js';

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** The apps of the pipeline, each its own process, their output prefixed with their names. */
export class AppProcesses {
  private readonly running: Running[] = [];
  private stopping = false;

  constructor(
    private readonly print: (line: string) => void,
    private readonly onCrash: (name: string, code: number | null) => void,
  ) {}

  start(name: string, env: Record<string, string>): void {
    const child = spawn(process.execPath, [...APP_NODE_FLAGS, `apps/${name}/dist/main.js`], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, LOG_FORMAT: 'text', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // a group of its own: a Ctrl-C reaches only this process, which stops the apps in order
      detached: true,
    });
    const label = `[${name}]`.padEnd(22);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.print(`${label} ${line}`));
    }
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code) => {
        if (!this.stopping) this.onCrash(name, code);
        resolve();
      });
    });
    this.running.push({ name, child, exited });
  }

  /** SIGTERM by stages (sensors, then gateway, then subscriber), SIGKILL after the grace time. */
  async stop(stages: string[][], graceMs: number): Promise<void> {
    this.stopping = true;
    for (const stage of stages) {
      const apps = this.running.filter((app) => stage.includes(app.name));
      await Promise.all(apps.map((app) => this.stopOne(app, graceMs)));
    }
    await Promise.all(this.running.map((app) => this.stopOne(app, graceMs)));
  }

  pids(): number[] {
    return this.running.flatMap((app) => (app.child.pid ? [app.child.pid] : []));
  }

  private async stopOne(app: Running, graceMs: number): Promise<void> {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGTERM');
      const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
      await app.exited;
      clearTimeout(timer);
    }
  }
}
