import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.js';

/** docker/mosquitto/mosquitto.conf; the same relative path from src/ and dist/. */
export const PROJECT_MOSQUITTO_CONF = fileURLToPath(
  new URL('../../../docker/mosquitto/mosquitto.conf', import.meta.url),
);

export interface MosquittoOptions {
  /** `project`: docker/mosquitto/mosquitto.conf (persistence, large queues); `default`: Mosquitto's defaults. */
  config?: 'project' | 'default';
  port?: number;
}

/**
 * A Mosquitto broker of the caller's own (tests, benchmarks), run from the installed binary on a
 * free port, with its data in a temporary folder.
 */
export class Mosquitto {
  private process?: ChildProcess;
  private log = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start({ config = 'project', port }: MosquittoOptions = {}): Promise<Mosquitto> {
    const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
    const broker = new Mosquitto(port ?? (await freePort()), dir);
    writeFileSync(join(dir, 'mosquitto.conf'), broker.configText(config));
    await broker.start();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** The broker's process id while it runs (for resource sampling). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  output(): string {
    return this.log;
  }

  /** Starts (or restarts) the broker on the same port with the same data folder. */
  async start(): Promise<void> {
    const child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.on('error', (err) => {
      this.log += `spawn failed: ${err.message} (is the mosquitto binary installed?)\n`;
    });
    child.stdout.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.process = child;
    try {
      await waitForPort(this.port, 10_000);
    } catch (err) {
      throw new Error(
        `mosquitto did not start on ${this.port}: ${(err as Error).message}\n${this.log}`,
      );
    }
  }

  /** Graceful stop: Mosquitto saves its persistent state. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Abrupt stop, as a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Freezes the broker (SIGSTOP): connections stay open but nothing is answered, as a hung broker. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  /**
   * Bytes that clients have sent and the broker has not read yet (Linux, from /proc/net/tcp).
   * While paused, it shows that a client's publishes have reached the broker and wait there.
   */
  unreadBytes(): number {
    const port = this.port.toString(16).toUpperCase().padStart(4, '0');
    return readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(([, local, , state]) => local?.endsWith(`:${port}`) && state === '01')
      .reduce((sum, fields) => sum + parseInt(fields[4]?.split(':')[1] ?? '0', 16), 0);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    // a paused broker handles SIGTERM only once it runs again
    if (signal !== 'SIGKILL') child.kill('SIGCONT');
    await exited;
  }

  private configText(config: 'project' | 'default'): string {
    const own = [
      `listener ${this.port} 127.0.0.1`,
      'allow_anonymous true',
      `persistence_location ${this.dir}/`,
      // mosquitto drops root privileges to the user `mosquitto`, which cannot write our temp folder
      'user root',
    ];
    if (config === 'default') return [...own, 'log_dest stdout', ''].join('\n');
    const project = readFileSync(PROJECT_MOSQUITTO_CONF, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(listener|persistence_location|allow_anonymous|user)\b/.test(line));
    return [...own, ...project, ''].join('\n');
  }
}
