import { join } from 'node:path';
import { AppProcesses } from './app-processes.js';
import { registerSimulatedSensors, SIMULATED } from './devices.js';
import { whenLauncherGone } from './launcher-watch.js';
import { reportProgress, waitHealthy } from './progress.js';
import { RememberedPorts } from './remembered-ports.js';
import { startReader } from './reader.js';
import {
  embeddedDataDir,
  startBroker,
  startDatabase,
  type Broker,
  type Database,
  type Service,
} from './services.js';
import { tlsRefusal } from './tls-settings.js';

const SENSORS = SIMULATED.map(([app]) => app);
const GRACE_MS = 15_000;

const print = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => print(`[start] ${line}`);

interface Ports {
  http: number;
  grpc: number;
  subscriber: number;
  api: number;
}

/**
 * `pnpm start`: the whole pipeline on one machine. Uses MQTT_URL / DATABASE_URL when set, else an
 * embedded broker and an embedded PostgreSQL; SIGINT/SIGTERM stops everything it started.
 */
class Pipeline {
  private readonly services: Service[] = [];
  private readonly apps = new AppProcesses(print, (name, code) => {
    note(`${name} exited unexpectedly (code ${code}); stopping everything`);
    void this.stop(1);
  });
  private stopProgress?: () => Promise<void>;
  private stopping?: Promise<void>;

  async start(): Promise<void> {
    const refusal = tlsRefusal(process.env);
    if (refusal) throw new Error(refusal);
    const remembered = new RememberedPorts(join(embeddedDataDir(), 'ports.json'));
    const broker = await this.service(startBroker(note, remembered));
    const database = await this.service(startDatabase(note, remembered));
    const { env } = process;
    const ports: Ports = {
      http: await remembered.pick('http', env.HTTP_PORT, 5000),
      grpc: await remembered.pick('grpc', env.GRPC_PORT, 7777),
      subscriber: await remembered.pick('subscriber', env.SUBSCRIBER_HTTP_PORT, 5001),
      api: await remembered.pick('api', env.API_PORT, 5002),
    };
    // the gateway takes readings only from registered devices, unless DEVICE_AUTH=off is passed on
    const authOff = env.DEVICE_AUTH === 'off';
    const tokens = authOff
      ? new Map<string, string>()
      : await registerSimulatedSensors(database.url);
    if (!authOff)
      note(`registered the simulated sensors ${SIMULATED.map(([, id]) => id).join(', ')}`);
    if (this.stopping) return;
    this.apps.start('subscriber', {
      MQTT_URL: broker.url,
      ...broker.logins.subscriber,
      DATABASE_URL: database.loginOf.writer,
      SUBSCRIBER_HTTP_PORT: String(ports.subscriber),
    });
    this.apps.start('gateway', {
      MQTT_URL: broker.url,
      ...broker.logins.gateway,
      DATABASE_URL: database.loginOf.registry,
      HTTP_PORT: String(ports.http),
      GRPC_PORT: String(ports.grpc),
    });
    await Promise.all([
      waitHealthy(`http://127.0.0.1:${ports.http}/health`, 60_000),
      waitHealthy(`http://127.0.0.1:${ports.subscriber}/health`, 60_000),
    ]);
    if (this.stopping) return;
    // after the subscriber's /health: its migrations have made the tables the API reads
    this.apps.start('api', { DATABASE_URL: database.loginOf.reader, API_PORT: String(ports.api) });
    await waitHealthy(`http://127.0.0.1:${ports.api}/health`, 60_000);
    const token = await startReader(database.url);
    if (this.stopping) return;
    for (const sensor of SENSORS) {
      this.apps.start(sensor, {
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_HTTP_PORT: String(ports.http),
        GATEWAY_GRPC_PORT: String(ports.grpc),
        ...(tokens.has(sensor) && { DEVICE_TOKEN: tokens.get(sensor) }),
      });
    }
    printWhereThingsAre(ports, broker, database, token);
    this.stopProgress = reportProgress(database.url, note, Number(process.env.PROGRESS_MS ?? 5000));
  }

  /** Sensors first, then the gateway, then the subscriber (it flushes), then broker and database. */
  stop(exitCode: number): Promise<void> {
    process.exitCode ??= exitCode;
    return (this.stopping ??= (async () => {
      note('stopping...');
      await this.stopProgress?.();
      await this.apps.stop([SENSORS, ['gateway', 'api'], ['subscriber']], GRACE_MS);
      for (const service of this.services.reverse()) await service.stop();
      note('stopped');
    })());
  }

  private async service<S extends Service>(starting: Promise<S>): Promise<S> {
    const service = await starting;
    this.services.push(service);
    return service;
  }
}

/** The options `pnpm send` needs to find this gateway; none on the default ports. */
function sendPorts(ports: Ports): string {
  return (
    (ports.http === 5000 ? '' : ` --http-port ${ports.http}`) +
    (ports.grpc === 7777 ? '' : ` --grpc-port ${ports.grpc}`)
  );
}

function printWhereThingsAre(
  ports: Ports,
  broker: Broker,
  database: Database,
  token: string,
): void {
  const api = `http://localhost:${ports.api}`;
  const psql = `psql ${database.url}`;
  const mqtt = new URL(broker.url);
  const prefix = process.env.MQTT_TOPIC_PREFIX?.replace(/\/$/, '');
  const topics = prefix ? `-t '${prefix}/#'` : '-t temperature -t pressure -t heartRate';
  const monitor = broker.logins.monitor;
  // the embedded broker's read-only login of this run
  const login = monitor ? ` -u ${monitor.MQTT_USERNAME} -P ${monitor.MQTT_PASSWORD}` : '';
  print(
    [
      '',
      'The healthcare IoT pipeline is running.',
      `  REST       POST http://localhost:${ports.http}/temperature`,
      `  WebSocket  ws://localhost:${ports.http}/heartrate`,
      `  gRPC       localhost:${ports.grpc} sensor_data.SensorService/SendPressure`,
      `  Read API   ${api}/devices  FHIR R4 ${api}/fhir/metadata  docs ${api}/docs`,
      `  Live page  ${api}/page/  (sign in with the reader token)`,
      `  Health     http://localhost:${ports.http}/health  http://localhost:${ports.subscriber}/health  ${api}/health`,
      `  Metrics    http://localhost:${ports.http}/metrics  http://localhost:${ports.subscriber}/metrics  ${api}/metrics` +
        (process.env.METRICS_TOKEN
          ? '  (Authorization: Bearer $METRICS_TOKEN)'
          : '  (this machine only)'),
      `MQTT_URL=${broker.url}`,
      `DATABASE_URL=${database.url}`,
      `  (broker ${broker.origin}; database ${database.origin})`,
      'Readings as the gateway publishes them:',
      `  mosquitto_sub -h ${mqtt.hostname} -p ${mqtt.port || 1883}${login} ${topics} -v`,
      'Send one by hand, as a device of your own (its token is printed on the last line):',
      `  DATABASE_URL=${database.url} pnpm devices add Manual_001 --kind temperature`,
      `  pnpm send temperature${sendPorts(ports)} --sensor Manual_001 --token <its token>`,
      'Newest rows:',
      `  ${psql} -c 'SELECT * FROM temperature ORDER BY timestamp DESC LIMIT 10'`,
      `  ${psql} -c 'SELECT * FROM pressure ORDER BY timestamp DESC LIMIT 10'`,
      `  ${psql} -c 'SELECT * FROM heart_rate ORDER BY timestamp DESC LIMIT 10'`,
      'Read with the reader token of this run (a new one each start; `pnpm readers` makes others):',
      `READER_TOKEN=${token}`,
      `  curl -H "Authorization: Bearer $READER_TOKEN" ${api}/devices`,
      `  curl -H "Authorization: Bearer $READER_TOKEN" '${api}/fhir/Observation?device=Device/Temp.001&_count=10'`,
      `  (Observations need a patient: DATABASE_URL=${database.url} pnpm patients assign Temp_001 patient-1)`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

const pipeline = new Pipeline();
const stopAndExit = () => void pipeline.stop(0).then(() => process.exit());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stopAndExit);
whenLauncherGone(() => {
  note('pnpm was stopped');
  stopAndExit();
});
pipeline.start().catch((err: unknown) => {
  note(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
  void pipeline.stop(1).then(() => process.exit());
});
