import type { ClientTls } from '@healthcare/config';
import { ManagedProcess, startApp } from '@healthcare/embedded/managed-process';
import { httpRequest } from '@healthcare/testing';
import { readProcStats, type ProcStats } from '../metrics/proc-stats.js';

/**
 * A Node program the bench runs as its own process (an app, or a helper with an IPC channel that
 * reports `ready` and answers requests), with its CPU and peak RSS kept for the report.
 */
export class NodeProcess {
  private readonly answers = new Map<string, (value: unknown) => void>();
  /** Read just before the stop signal: CPU time and peak RSS over the whole life. */
  finalStats?: ProcStats;

  private constructor(private readonly process: ManagedProcess) {
    process.child.on('message', (message: { answer?: string; value?: unknown }) => {
      if (message.answer === undefined) return;
      this.answers.get(message.answer)?.(message.value);
      this.answers.delete(message.answer);
    });
  }

  /** One of the workspace's apps as built; the bench's own environment goes through, so app settings (BATCH_SIZE...) can be tried. */
  static app(name: string, env: Record<string, string>, nodeArgs: string[]): NodeProcess {
    return new NodeProcess(
      startApp(name, { env: { ...globalThis.process.env, ...env }, nodeArgs }),
    );
  }

  /** A helper program (absolute path of its built script), with an IPC channel. */
  static helper(name: string, script: string, env: Record<string, string>): NodeProcess {
    return new NodeProcess(
      ManagedProcess.spawn({
        name,
        command: globalThis.process.execPath,
        args: [script],
        env: { ...globalThis.process.env, ...env },
        ipc: true,
      }),
    );
  }

  get name(): string {
    return this.process.name;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.running;
  }

  get exited(): Promise<number | null> {
    return this.process.exited;
  }

  /** Peak resident set over the process's life (VmHWM), read now or at its stop. */
  peakRssMb(): number {
    const live = this.running && this.pid !== undefined ? readProcStats(this.pid) : undefined;
    const bytes = Math.max(live?.peakRssBytes ?? 0, this.finalStats?.peakRssBytes ?? 0);
    return Math.round(bytes / 2 ** 20);
  }

  output(): string {
    return this.process.output();
  }

  /** Waits for a helper's `{ ready: true }` message. */
  ready(timeoutMs = 30_000): Promise<void> {
    return this.until(
      new Promise<void>((resolve) => {
        const onMessage = (message: { ready?: boolean }) => {
          if (!message.ready) return;
          this.process.child.off('message', onMessage);
          resolve();
        };
        this.process.child.on('message', onMessage);
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
    this.process.child.send({ request });
    return this.until(answered, timeoutMs, `to answer ${request}`);
  }

  /** Waits until GET `url` answers 200 (an app's health endpoint; https:// trusting `tls`). */
  healthy(url: string, tls?: ClientTls, timeoutMs = 60_000): Promise<void> {
    let waiting = true;
    const poll = async () => {
      while (waiting) {
        const ok = await httpRequest(url, { tls, timeoutMs: 5000 }).then(
          (res) => res.status === 200,
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
    if (this.running && this.pid !== undefined) {
      this.finalStats = readProcStats(this.pid) ?? this.finalStats;
    }
    return this.process.stop(signal, graceMs);
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
      `${this.name} ${message}\n--- ${this.name} output ---\n${this.process.tail()}`,
    );
  }
}
