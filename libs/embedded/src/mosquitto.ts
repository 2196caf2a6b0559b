import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMosquittoAccess, type BrokerAccessSettings } from '@healthcare/config';
import { ManagedProcess } from './managed-process.js';
import { freePort, waitForPort } from './ports.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
    const broker = new Mosquitto(port ?? (await freePort()), dir, tls);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [broker.configText(config, access), ...extraConfig, ''].join('\n'),
    );
    await broker.start();
    return broker;
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
    this.process = ManagedProcess.spawn({
      name: `mosquitto:${this.port}`,
      command: 'mosquitto',
      args: ['-c', join(this.dir, 'mosquitto.conf')],
      env: process.env,
    });
    try {
      await waitForPort(this.port, 10_000);
    } catch (err) {
      throw new Error(
        `mosquitto did not start on ${this.port}: ${(err as Error).message} ` +
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
    if (config === 'default') return [...own, 'log_dest stdout', ''].join('\n');
    const project = readFileSync(PROJECT_MOSQUITTO_CONF, 'utf8')
      .split('\n')
      .filter(
        (line) =>
          !/^\s*(listener|certfile|keyfile|cafile|persistence_location|allow_anonymous|user|password_file|acl_file|use_username_as_clientid)\b/.test(
            line,
          ),
      );
    return [...own, ...project, ''].join('\n');
  }
}
