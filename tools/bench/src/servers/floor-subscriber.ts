import { patchSocketToCoalesceWrites } from '@healthcare/io';
import mqtt, { type IPublishPacket, type Packet } from 'mqtt';
import pg from 'pg';
import { answerRequests, exitOnSignal, requiredEnv, sendReady } from './ipc.js';
import { brokerTrust } from './tls.js';

/**
 * subscriber-floor: the least a subscriber can do per row and still acknowledge a message only
 * once its row is committed. A persistent MQTT 5 session with the subscriber's Receive Maximum;
 * each message JSON-parsed into its batch; a batch goes as one INSERT (the columns as JSON arrays,
 * duplicates of a redelivery left out by the unique key) once full or FLUSH_MS after its first
 * message; its PUBACKs are written once it committed. Left out: validation, rejections, conflict
 * records, metrics, bounds on memory, reconnection. Over TLS (mqtts://) it trusts MQTT_CA_FILE.
 */
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 500);
const FLUSH_MS = Number(process.env.FLUSH_MS ?? 5);
const INSERT = {
  name: 'floor-insert',
  text:
    'INSERT INTO temperature (sensor_id, value, unit, "timestamp") ' +
    'SELECT c0::varchar, c1::numeric(5,2), c2::varchar, c3::timestamptz FROM ROWS FROM (' +
    'json_array_elements_text($1::json), json_array_elements_text($2::json), ' +
    'json_array_elements_text($3::json), json_array_elements_text($4::json)) AS t(c0, c1, c2, c3) ' +
    'ON CONFLICT (sensor_id, "timestamp") DO NOTHING',
};

interface Temperature {
  sensor_id: string;
  value: number;
  unit: string;
  date: string;
}

class Batch {
  readonly rows: Temperature[] = [];
  readonly pubacks: Packet[] = [];
  params(): string[] {
    const { rows } = this;
    return [
      JSON.stringify(rows.map((r) => r.sensor_id)),
      JSON.stringify(rows.map((r) => r.value)),
      JSON.stringify(rows.map((r) => r.unit)),
      JSON.stringify(rows.map((r) => r.date)),
    ];
  }
}

const db = new pg.Client({ connectionString: requiredEnv('DATABASE_URL') });
await db.connect();
const client = await mqtt.connectAsync(requiredEnv('MQTT_URL'), {
  clientId: 'subscriber-floor',
  clean: false,
  protocolVersion: 5,
  properties: {
    sessionExpiryInterval: 3600,
    receiveMaximum: Number(process.env.RECEIVE_MAXIMUM ?? 2 * BATCH_SIZE),
  },
  reconnectPeriod: 0,
  log: () => undefined,
  ...brokerTrust(),
} as mqtt.IClientOptions);
patchSocketToCoalesceWrites(client.stream);

let batch = new Batch();
let timer: NodeJS.Timeout | undefined;
let stored = 0;

/**
 * mqtt.js writes a QoS 1 message's PUBACK once `handleMessage` calls back, and reads the next
 * packet only after that write: the PUBACK is held here instead (its callback called, so reading
 * goes on) and written by the batch's commit. `_sendPacket` is private to mqtt.js (pinned 5.16):
 * the subscriber's AckAfterCommit does the same, with its spec pinning the behaviour.
 */
const internals = client as unknown as {
  _sendPacket: (packet: Packet, cb?: () => void, ...rest: unknown[]) => void;
};
const send = internals._sendPacket.bind(client);
internals._sendPacket = (packet, cb, ...rest) => {
  if (packet.cmd !== 'puback') return send(packet, cb, ...rest);
  batch.pubacks.push(packet);
  cb?.();
};

client.handleMessage = (packet: IPublishPacket, callback: (err?: Error) => void) => {
  batch.rows.push(JSON.parse(packet.payload.toString()) as Temperature);
  callback(); // its PUBACK joins the batch above
  if (batch.rows.length >= BATCH_SIZE) flush();
  else timer ??= setTimeout(flush, FLUSH_MS);
};

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  const full = batch;
  batch = new Batch();
  // every message's PUBACK must have come through the hold above: fail loudly if mqtt.js changed
  if (full.pubacks.length !== full.rows.length) {
    fail(`${full.rows.length} messages but ${full.pubacks.length} PUBACKs held`);
  }
  // one connection: batches commit in arrival order, so their PUBACKs leave in that order too
  db.query({ ...INSERT, values: full.params() }).then(
    () => {
      stored += full.rows.length;
      if (client.connected) for (const puback of full.pubacks) send(puback);
    },
    (err: Error) => fail(`the batch failed: ${err.message}`),
  );
}

function fail(why: string): never {
  process.stderr.write(`subscriber-floor: ${why}\n`);
  process.exit(1);
}

await client.subscribeAsync(requiredEnv('TOPIC'), { qos: 1 });
answerRequests(() => stored);
sendReady();
exitOnSignal(async () => {
  await client.endAsync();
  await db.end();
});
