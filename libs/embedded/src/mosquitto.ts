import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMosquittoAccess, type BrokerAccessSettings } from '@healthcare/config';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';

/** docker/mosquitto/mosquitto.conf; the same relative path from src/ and dist/. */
export const PROJECT_MOSQUITTO_CONF = fileURLToPath(
  new URL('../../../docker/mosquitto/mosquitto.conf', import.meta.url),
);

export interface MosquittoOptions {
  /** `project`: docker/mosquitto/mosquitto.conf (persistence, large queues); `default`: Mosquitto's defaults. */
  config?: 'project' | 'default';
  port?: number;
  /** Serve MQTT over TLS only (mqtts://) with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /**
   * Logins and ACL as compose's broker has them (the same generator writes them): no anonymous
   * client, each user its topics, the username as client id. Without it anyone may connect.
   */
  access?: BrokerAccessSettings;
  /** Lines after the configuration's own, e.g. an `acl_file`; a setting given again here wins. */
  extraConfig?: string[];
}

/** What Mosquitto prints once every listener is open (information level). */
const RUNNING = /mosquitto version \S+ running/;
const IN_USE = /Error: Address already in use/;
/**
 * Last in the configuration, after a caller's lines, so that none hides RUNNING: stderr, since
 * Mosquitto's stdout into a pipe is block-buffered; its default log types, information included
 * (with autosave, a "Saving in-memory database" line every few seconds).
 */
const LOGGING = [
  'log_dest stderr',
  ...['error', 'warning', 'notice', 'information'].map((t) => `log_type ${t}`),
];

/** Another process listens on the port a broker was to serve. */
export class PortTakenError extends Error {
  constructor(readonly port: number) {
    super(`mosquitto cannot listen on ${port}: another process has taken the port`);
  }
}

/**
 * A Mosquitto broker of the caller's own (tests, benchmarks), run from the installed binary on a
 * free port, with its data in a temporary folder.
 */
export class Mosquitto {
  private process?: ManagedProcess;
  /** Output of the runs before the current one (a restart starts a new process). */
  private earlier = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly tls: MosquittoOptions['tls'],
  ) {}

  static async start({
    config = 'project',
    port,
    tls,
    access,
    extraConfig = [],
  }: MosquittoOptions = {}): Promise<Mosquitto> {
    for (let attempt = 1; ; attempt++) {
      // the port first: a folder made before a failing await would be left behind
      const chosen = port ?? (await freePort());
      const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
      const broker = new Mosquitto(chosen, dir, tls);
      try {
        writeFileSync(
          join(dir, 'mosquitto.conf'),
          [broker.configText(config, access), ...extraConfig, ...LOGGING, ''].join('\n'),
        );
        await broker.start();
        return broker;
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        // a port picked here was free a moment ago; another process may have bound it since
        const again = port === undefined && err instanceof PortTakenError && attempt < 5;
        if (!again) throw err;
      }
    }
  }

  /** mqtts:// when it serves TLS; its certificate must name 127.0.0.1. */
  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  /** The broker's process id while it runs (for resource sampling). */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  output(): string {
    return this.earlier + (this.process?.output() ?? '');
  }

  /** Starts (or restarts) the broker on the same port with the same data folder. */
  async start(): Promise<void> {
    if (this.process?.running) throw new Error(`mosquitto:${this.port} is running already`);
    const broker = ManagedProcess.spawn({
      name: `mosquitto:${this.port}`,
      command: 'mosquitto',
      args: ['-c', join(this.dir, 'mosquitto.conf')],
      env: process.env,
    });
    this.process = broker;
    try {
      // its own word that its listeners are open: a port that accepts connections may be another
      // process's, and clients sent there would meet another test's broker
      await broker.waitForOutput(RUNNING, 10_000);
    } catch (err) {
      await this.signal('SIGKILL');
      if (IN_USE.test(broker.output())) throw new PortTakenError(this.port);
      throw new Error(
        `mosquitto did not start on ${this.port}: ${(err as Error).message.split('\n')[0]} ` +
          `(is the mosquitto binary installed?)\n${this.output()}`,
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
    this.process?.signal('SIGSTOP');
  }

  resume(): void {
    this.process?.signal('SIGCONT');
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
    const broker = this.process;
    this.process = undefined;
    if (!broker) return;
    const stopped = broker.stop(signal, 10_000);
    // a paused broker handles SIGTERM only once it runs again
    if (signal !== 'SIGKILL') broker.signal('SIGCONT');
    await stopped;
    this.earlier += broker.output();
  }

  private configText(config: 'project' | 'default', access?: BrokerAccessSettings): string {
    const own = [
      `listener ${this.port} 127.0.0.1`,
      ...(this.tls ? [`certfile ${this.tls.certFile}`, `keyfile ${this.tls.keyFile}`] : []),
      `persistence_location ${this.dir}/`,
      // mosquitto drops root privileges to the user `mosquitto`, which cannot write our temp folder
      'user root',
    ];
    if (access) {
      const files = writeMosquittoAccess(join(this.dir, 'access'), access);
      own.push(
        'allow_anonymous false',
        `password_file ${files.passwordFile}`,
        `acl_file ${files.aclFile}`,
        'use_username_as_clientid true',
      );
    } else {
      own.push('allow_anonymous true');
    }
    if (config === 'default') return [...own, ''].join('\n');
    const project = readFileSync(PROJECT_MOSQUITTO_CONF, 'utf8')
      .split('\n')
      .filter(
        (line) =>
          !/^\s*(listener|certfile|keyfile|cafile|persistence_location|allow_anonymous|user|password_file|acl_file|use_username_as_clientid|log_dest)\b/.test(
            line,
          ),
      );
    return [...own, ...project, ''].join('\n');
  }
}
