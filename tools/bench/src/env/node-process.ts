import { fork, type ChildProcess } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { readProcStats, type ProcStats } from '../metrics/proc-stats.js';
import { WORKSPACE_ROOT } from '../workspace.js';

const KEEP_OUTPUT = 64 * 1024;

export interface NodeProcessOptions {
  env?: Record<string, string>;
  /** e.g. --cpu-prof flags. */
  nodeArgs?: string[];
}

/**
 * A Node program run as its own process (an app's dist/main.js or a bench helper), with an IPC
 * channel for helpers that report `ready` and answer requests.
 */
export class NodeProcess {
  private log = '';
  private readonly answers = new Map<string, (value: unknown) => void>();
  readonly exited: Promise<number | null>;
  /** Read just before the stop signal: CPU time and peak RSS over the whole life. */
  finalStats?: ProcStats;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-KEEP_OUTPUT));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message: { answer?: string; value?: unknown }) => {
      if (message.answer === undefined) return;
      this.answers.get(message.answer)?.(message.value);
      this.answers.delete(message.answer);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** `script` is absolute or relative to the workspace root. */
  static start(name: string, script: string, options: NodeProcessOptions = {}): NodeProcess {
    const child = fork(isAbsolute(script) ? script : join(WORKSPACE_ROOT, script), [], {
      cwd: WORKSPACE_ROOT,
      // the bench's own environment goes through, so app settings (BATCH_SIZE...) can be tried
      env: { ...process.env, ...options.env },
      execArgv: options.nodeArgs ?? [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new NodeProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Peak resident set over the process's life (VmHWM), read now or at its stop. */
  peakRssMb(): number {
    const live = this.running && this.pid !== undefined ? readProcStats(this.pid) : undefined;
    const bytes = Math.max(live?.peakRssBytes ?? 0, this.finalStats?.peakRssBytes ?? 0);
    return Math.round(bytes / 2 ** 20);
  }

  output(): string {
    return this.log;
  }

  /** Waits for a helper's `{ ready: true }` message. */
  ready(timeoutMs = 30_000): Promise<void> {
    return this.until(
      new Promise<void>((resolve) => {
        const onMessage = (message: { ready?: boolean }) => {
          if (!message.ready) return;
          this.child.off('message', onMessage);
          resolve();
        };
        this.child.on('message', onMessage);
      }),
      timeoutMs,
      'to be ready',
    );
  }

  /** Asks a helper for a value (see servers/ipc.ts). */
  request<T>(request: string, timeoutMs = 10_000): Promise<T> {
    const answered = new Promise<T>((resolve) =>
      this.answers.set(request, (value) => resolve(value as T)),
    );
    this.child.send({ request });
    return this.until(answered, timeoutMs, `to answer ${request}`);
  }

  /** Waits until GET `url` answers 200 (an app's health endpoint). */
  healthy(url: string, timeoutMs = 60_000): Promise<void> {
    let waiting = true;
    const poll = async () => {
      while (waiting) {
        const ok = await fetch(url).then(
          (res) => res.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    return this.until(poll(), timeoutMs, `to answer ${url}`).finally(() => (waiting = false));
  }

  /** SIGTERM (or `signal`) and waits for the exit; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<number | null> {
    if (!this.running) return this.exited;
    if (this.pid !== undefined) this.finalStats = readProcStats(this.pid) ?? this.finalStats;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** Rejects when the process exits first or the time runs out, with its output. */
  private until<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.failure(`did not get ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void this.exited.then((code) =>
        reject(this.failure(`exited (code ${code}) waiting ${what}`)),
      );
    });
    return Promise.race([promise, failure]).finally(() => clearTimeout(timer));
  }

  private failure(message: string): Error {
    return new Error(
      `${this.name} ${message}\n--- ${this.name} output ---\n${this.log.slice(-4000)}`,
    );
  }
}
