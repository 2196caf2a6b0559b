import { READINGS, type Reading, type ReadingKind } from '@healthcare/contracts';
import { AppProcess, freePort, query, sleep, waitFor } from '@healthcare/testing';
import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';

export const TABLES: Record<ReadingKind, string> = {
  temperature: 'temperature',
  pressure: 'pressure',
  heartRate: 'heart_rate',
};

export interface Metrics {
  received: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  failedCommits: number;
  pending: number;
  heldAcks: number;
  database: 'up' | 'down';
  broker: 'connected' | 'disconnected';
  mqttProtocol: string;
}

/** The built subscriber (apps/subscriber/dist) as its own process, ready to store. */
export class Subscriber {
  private constructor(
    readonly app: AppProcess,
    readonly httpPort: number,
  ) {}

  static async start(env: Record<string, string>): Promise<Subscriber> {
    const httpPort = await freePort();
    const app = AppProcess.start('subscriber', {
      MQTT_CLIENT_ID: `subscriber-${randomBytes(3).toString('hex')}`,
      ...env,
      SUBSCRIBER_HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
    });
    const subscriber = new Subscriber(app, httpPort);
    await app.waitForOutput(/subscriber ready/, 30_000);
    return subscriber;
  }

  async metrics(): Promise<Metrics> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/metrics`);
    return (await response.json()) as Metrics;
  }

  async health(): Promise<{ status: number; body: { status: string } & Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${this.httpPort}/health`);
    return { status: response.status, body: (await response.json()) as { status: string } };
  }

  /** Polls /metrics until `check` holds. */
  async waitForMetrics(check: (m: Metrics) => boolean, what: string, timeoutMs = 30_000) {
    return waitFor(
      async () => {
        const metrics = await this.metrics();
        return check(metrics) ? metrics : undefined;
      },
      { timeoutMs, what: `${what} (subscriber /metrics)` },
    );
  }
}

export interface Message {
  topic: string;
  payload: string;
}

let sequence = 0;

/**
 * `count` valid readings of a kind, each with its own (sensor_id, date), values spread over the
 * contract's range with the most decimals it allows.
 */
export function readings<K extends ReadingKind>(kind: K, count: number): Reading<K>[] {
  const run = `${randomBytes(2).toString('hex')}${sequence++}`;
  const start = Date.now() - 24 * 3600_000;
  return Array.from({ length: count }, (_, i) => {
    const sensor_id = `${kind.slice(0, 4)}-${run}-${i % 7}`;
    const date = new Date(start + i * 1000).toISOString();
    switch (kind) {
      case 'temperature':
        return { sensor_id, value: (3500 + (i % 500)) / 100, unit: 'C', date } as Reading<K>;
      case 'pressure':
        return {
          sensor_id,
          systolic: (1000 + (i % 400)) / 10,
          diastolic: (600 + (i % 200)) / 10,
          unit: 'mmHg',
          date,
        } as Reading<K>;
      default:
        return { sensor_id, value: 40 + (i % 100), unit: 'bpm', date } as Reading<K>;
    }
  });
}

export function messages<K extends ReadingKind>(kind: K, list: Reading<K>[]): Message[] {
  return list.map((reading) => ({ topic: READINGS[kind].topic, payload: JSON.stringify(reading) }));
}

/** Readings of all three kinds, interleaved as devices would send them. */
export function mixedStream(perKind: number): Message[] {
  const lists = [
    messages('temperature', readings('temperature', perKind)),
    messages('pressure', readings('pressure', perKind)),
    messages('heartRate', readings('heartRate', perKind)),
  ];
  return Array.from({ length: perKind }, (_, i) => lists.map((list) => list[i])).flat();
}

export interface PublishOptions {
  /** At most this many messages unacknowledged by the broker. */
  inFlight?: number;
  /** Spreads the messages over time, as devices send them; unset: as fast as the broker takes them. */
  perSecond?: number;
  /** Called with the count of messages the broker acknowledged so far. */
  onProgress?: (acked: number) => void;
}

/** Publishes at QoS 1 with a plain mqtt client; resolves when the broker acknowledged them all. */
export async function publishAll(
  url: string,
  list: readonly Message[],
  { inFlight = 200, perSecond, onProgress }: PublishOptions = {},
): Promise<void> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200 });
  try {
    const startedAt = Date.now();
    let next = 0;
    let acked = 0;
    const worker = async () => {
      while (next < list.length) {
        const index = next++;
        if (perSecond) await sleep(startedAt + (index * 1000) / perSecond - Date.now());
        const { topic, payload } = list[index];
        await client.publishAsync(topic, payload, { qos: 1 });
        onProgress?.(++acked);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, list.length) }, worker));
  } finally {
    await client.endAsync();
  }
}

export async function countRows(databaseUrl: string, kind: ReadingKind): Promise<number> {
  const [row] = await query<{ n: string }>(
    databaseUrl,
    `SELECT count(*) AS n FROM ${TABLES[kind]}`,
  );
  return Number(row.n);
}

export async function countAll(databaseUrl: string): Promise<Record<ReadingKind, number>> {
  const [row] = await query<Record<ReadingKind, string>>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM temperature) AS "temperature",
            (SELECT count(*) FROM pressure) AS "pressure",
            (SELECT count(*) FROM heart_rate) AS "heartRate"`,
  );
  return {
    temperature: Number(row.temperature),
    pressure: Number(row.pressure),
    heartRate: Number(row.heartRate),
  };
}

/** The (sensor_id, timestamp) keys stored in a table, as `sensor@iso` strings, sorted. */
export async function storedKeys(databaseUrl: string, kind: ReadingKind): Promise<string[]> {
  const rows = await query<{ sensor_id: string; timestamp: Date }>(
    databaseUrl,
    `SELECT sensor_id, "timestamp" FROM ${TABLES[kind]}`,
  );
  return rows.map((r) => `${r.sensor_id}@${r.timestamp.toISOString()}`).sort();
}

/** The keys of the readings in a list of messages, in the same form as storedKeys. */
export function expectedKeys(list: readonly Message[], topic: string): string[] {
  return list
    .filter((m) => m.topic === topic)
    .map((m) => JSON.parse(m.payload) as { sensor_id: string; date: string })
    .map((r) => `${r.sensor_id}@${new Date(r.date).toISOString()}`)
    .sort();
}
