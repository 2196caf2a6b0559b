import { APP_NODE_FLAGS } from '@healthcare/config/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WORKSPACE_ROOT } from './workspace.js';

export interface ManagedProcessOptions {
  /** Names the process in errors and in the leftover report of a test run. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** The child's whole environment (nothing is inherited unless the caller passes it). */
  env: NodeJS.ProcessEnv;
  /**
   * A process group of its own: a terminal's Ctrl-C reaches only whoever owns it, and stop()
   * signals the whole group, so nothing the child started outlives it.
   */
  group?: boolean;
  /** An IPC channel (Node children only), for helpers that report and answer. */
  ipc?: boolean;
  /** Each line the child writes, as it comes. */
  onLine?: (line: string) => void;
}

/** What is kept of a child's output for output() and error messages. */
const KEEP_OUTPUT = 1024 * 1024;

// On globalThis, not in this module: a jest environment reads it from outside the test's module
// registry to stop what a suite left running (libs/testing/src/jest-environment.ts).
const REGISTRY = Symbol.for('healthcare.managed-processes');
type Registry = Set<ManagedProcess>;

/** The processes started through this module that have not exited yet, in `scope`'s realm. */
export function runningProcesses(scope: object = globalThis): ManagedProcess[] {
  const registry = (scope as unknown as Record<symbol, Registry | undefined>)[REGISTRY];
  return [...(registry ?? [])].filter((child) => child.running);
}

function registry(): Registry {
  const scope = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (scope[REGISTRY] ??= new Set());
}

/**
 * A child process that start, bench and tests run (an app, a broker, a database, a helper): its
 * output kept, its exit awaited, stopped by a signal and SIGKILL after a grace period. The one
 * way this workspace starts a process of its own.
 */
export class ManagedProcess {
  private log = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    private readonly group: boolean,
    onLine?: (line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      stream.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
        if (this.log.length > KEEP_OUTPUT) this.log = this.log.slice(-KEEP_OUTPUT / 2);
      });
      if (onLine) createInterface({ input: stream }).on('line', onLine);
    }
    child.on('error', (err) => (this.log += `spawn failed: ${err.message}\n`));
    // 'close', not 'exit': by then its output has all been read, so a test that reads the
    // output of a process that ended sees every line of it
    this.exited = new Promise((resolve) =>
      child.once('close', (code) => {
        // a group outlives its leader until stop() has ended it
        if (!group) registry().delete(this);
        resolve(code);
      }),
    );
    registry().add(this);
  }

  static spawn(options: ManagedProcessOptions): ManagedProcess {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd ?? WORKSPACE_ROOT,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc' as const] : [])],
      detached: options.group ?? false,
    });
    return new ManagedProcess(options.name, child, options.group ?? false, options.onLine);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the process runs, or for a group, while anything in the group does. */
  get running(): boolean {
    if (this.child.pid === undefined) return false;
    if (this.child.exitCode === null && this.child.signalCode === null) return true;
    return this.group && groupAlive(this.child.pid);
  }

  output(): string {
    return this.log;
  }

  /** Resolves with the first match of `pattern` in the output; fails if the process exits first. */
  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.log.match(pattern);
      if (match) return match;
      const why = !this.running
        ? 'exited'
        : Date.now() > deadline
          ? `timed out (${timeoutMs} ms)`
          : '';
      if (why) {
        throw new Error(
          `${this.name} ${why} waiting to print ${pattern}\n--- ${this.name} output ---\n${this.tail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` (to the group, for a group leader); ignored once the process is gone. */
  signal(signal: NodeJS.Signals): void {
    if (!this.running || this.pid === undefined) return;
    try {
      if (this.group) process.kill(-this.pid, signal);
      else this.child.kill(signal);
    } catch {
      // gone between the check and the signal
    }
  }

  /**
   * Sends the signal and waits for the exit; SIGKILL after `graceMs`. A group is then ended
   * whole: what its leader started does not outlive it.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<number | null> {
    if (!this.running) {
      if (this.group) this.killGroup();
      return this.exited;
    }
    this.signal(signal);
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    if (this.group) this.killGroup();
    return code;
  }

  /**
   * SIGKILL, as a crash or an OOM kill of its container: the process, its group, and every
   * process it started, also those that left the group (PostgreSQL's backends each start a
   * session of their own). Resolves once none of them runs.
   */
  async kill(): Promise<number | null> {
    // frozen first, so nothing forks a child between the listing and the kill
    this.signal('SIGSTOP');
    const tree = this.pid === undefined ? [] : descendants(this.pid);
    const code = this.stop('SIGKILL');
    for (const pid of tree) signalPid(pid, 'SIGKILL');
    await code;
    const deadline = Date.now() + 10_000;
    while (tree.some(alive)) {
      if (Date.now() > deadline)
        throw new Error(`${this.name}: SIGKILL left pids ${tree.filter(alive).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return code;
  }

  /** The last lines of output, for error messages. */
  tail(chars = 4000): string {
    return this.log.slice(-chars);
  }

  private killGroup(): void {
    try {
      if (this.pid !== undefined) process.kill(-this.pid, 'SIGKILL');
    } catch {
      // no process left in the group
    }
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, pgrp, ... */
function statFields(pid: string | number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // ended while we looked
  }
}

/** Running, not a zombie: here nothing reaps an orphan, whose zombie stays in the process table. */
function alive(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
}

/** Every live process below `root`, children before grandchildren. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields || fields[0] === 'Z') continue;
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Whether any process of the group still runs. Read from /proc rather than kill(-pgid, 0): an
 * orphan's zombie stays in its group where init does not reap it, and runs nothing.
 */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [state, , pgrp] = statFields(entry) ?? [];
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

export interface AppOptions {
  env: Record<string, string | undefined>;
  /** Node flags on top of APP_NODE_FLAGS (e.g. --cpu-prof). */
  nodeArgs?: string[];
  group?: boolean;
  onLine?: (line: string) => void;
}

/** One of the workspace's apps, built (`apps/<name>/dist/main.js`), run as it runs in production. */
export function startApp(
  name: string,
  { env, nodeArgs = [], ...rest }: AppOptions,
): ManagedProcess {
  return ManagedProcess.spawn({
    name,
    command: process.execPath,
    args: [...APP_NODE_FLAGS, ...nodeArgs, `apps/${name}/dist/main.js`],
    env,
    ...rest,
  });
}
