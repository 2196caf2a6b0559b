/** One sample of a Prometheus/OpenMetrics text exposition. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*?)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const TYPE = /^# TYPE (\S+) (\S+)/;

/**
 * A scrape of an app's GET /metrics, as the tests read it. The apps' text comes from prom-client;
 * this reads only what the tests need of it: samples (an exemplar after `#` is ignored) and the
 * names each declared metric stands for.
 */
export class MetricsScrape {
  readonly samples: MetricSample[] = [];
  /** Every name a query may use: the samples', and those of declared metrics without samples yet. */
  readonly names = new Set<string>();

  constructor(readonly text: string) {
    for (const line of text.split('\n')) {
      const type = TYPE.exec(line);
      if (type) {
        for (const name of namesOf(type[1], type[2])) this.names.add(name);
        continue;
      }
      if (line.startsWith('#') || line.trim() === '') continue;
      const sample = SAMPLE.exec(line);
      if (!sample) throw new Error(`not a metrics line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (sample[2] ?? '').matchAll(LABEL)) labels[key] = value;
      this.samples.push({ name: sample[1], labels, value: Number(sample[3]) });
      this.names.add(sample[1]);
    }
  }

  /** The sum of the samples of `name` whose labels include `labels`; 0 when there are none. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  }

  /** Whether `name` has a sample with these labels. */
  has(name: string, labels: Record<string, string> = {}): boolean {
    return this.samples.some(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  }
}

function namesOf(name: string, type: string): string[] {
  switch (type) {
    case 'counter':
      return [name.endsWith('_total') ? name : `${name}_total`];
    case 'histogram':
      return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    case 'summary':
      return [name, `${name}_sum`, `${name}_count`];
    default:
      return [name];
  }
}

/** GET /metrics at `url` with the operator's token; fails on any answer but 200. */
export async function scrapeMetrics(url: string, token?: string): Promise<MetricsScrape> {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return new MetricsScrape(text);
}

/** What the tests and the benchmark read of the subscriber's metrics. */
export interface SubscriberMetrics {
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
  /** Readings that differed from the stored one with the same sensor_id and timestamp. */
  conflicts: number;
  memory: { heapUsedBytes: number; rssBytes: number };
}

/** The subscriber's GET /metrics, read into SubscriberMetrics. */
export async function subscriberMetrics(
  httpPort: number,
  token?: string,
): Promise<SubscriberMetrics> {
  const m = await scrapeMetrics(`http://127.0.0.1:${httpPort}/metrics`, token);
  const s = (name: string) => m.value(`healthcare_subscriber_${name}`);
  return {
    received: s('messages_received_total'),
    inserted: s('readings_stored_total'),
    duplicates: s('readings_duplicate_total'),
    conflicts: s('readings_conflicting_total'),
    rejected: s('messages_rejected_total'),
    batches: s('batches_committed_total'),
    failedCommits: s('commit_failures_total'),
    pending: s('pending_messages'),
    heldAcks: s('held_acknowledgements'),
    database: s('database_up') === 1 ? 'up' : 'down',
    broker: s('broker_connected') === 1 ? 'connected' : 'disconnected',
    mqttProtocol: s('mqtt_protocol_version') === 5 ? '5' : '3.1.1',
    memory: {
      heapUsedBytes: m.value('healthcare_nodejs_heap_size_used_bytes'),
      rssBytes: m.value('healthcare_process_resident_memory_bytes'),
    },
  };
}
