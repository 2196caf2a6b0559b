import { BROKER_STATISTICS_TOPICS, type BrokerStatisticsTopic } from '@healthcare/config';
import { METRIC_PREFIX } from '@healthcare/config/metrics';
import { Counter, Gauge, type Registry, type RegistryContentType } from 'prom-client';

interface Statistic {
  /** The metric's name after `healthcare_mosquitto_`. */
  name: string;
  /** Mosquitto counts some since it started (a counter, reset by its restart), others now. */
  type: 'counter' | 'gauge';
  help: string;
}

/** How each of Mosquitto's `$SYS` statistics the subscriber follows is served. */
export const STATISTICS: Readonly<Record<BrokerStatisticsTopic, Statistic>> = {
  '$SYS/broker/clients/connected': {
    name: 'clients_connected',
    type: 'gauge',
    help: 'Clients connected to the broker',
  },
  '$SYS/broker/clients/disconnected': {
    name: 'clients_disconnected',
    type: 'gauge',
    help: 'Persistent sessions whose client is away (their QoS 1 messages queue on the broker)',
  },
  '$SYS/broker/messages/received': {
    name: 'messages_received_total',
    type: 'counter',
    help: 'MQTT packets of every type the broker received',
  },
  '$SYS/broker/messages/sent': {
    name: 'messages_sent_total',
    type: 'counter',
    help: 'MQTT packets of every type the broker sent',
  },
  '$SYS/broker/publish/messages/received': {
    name: 'publish_messages_received_total',
    type: 'counter',
    help: 'PUBLISH messages the broker received',
  },
  '$SYS/broker/publish/messages/sent': {
    name: 'publish_messages_sent_total',
    type: 'counter',
    help: 'PUBLISH messages the broker sent',
  },
  '$SYS/broker/publish/messages/dropped': {
    name: 'publish_messages_dropped_total',
    type: 'counter',
    help: 'PUBLISH messages the broker dropped (a full queue of a slow or absent client)',
  },
  '$SYS/broker/bytes/received': {
    name: 'received_bytes_total',
    type: 'counter',
    help: 'Bytes the broker received',
  },
  '$SYS/broker/bytes/sent': {
    name: 'sent_bytes_total',
    type: 'counter',
    help: 'Bytes the broker sent',
  },
  '$SYS/broker/messages/stored': {
    name: 'messages_stored',
    type: 'gauge',
    help: "Messages in the broker's store: retained ones and those queued for sessions",
  },
  '$SYS/broker/store/messages/bytes': {
    name: 'stored_messages_bytes',
    type: 'gauge',
    help: "Payload bytes of the messages in the broker's store",
  },
  '$SYS/broker/subscriptions/count': {
    name: 'subscriptions',
    type: 'gauge',
    help: 'Subscriptions the broker holds',
  },
  '$SYS/broker/heap/current': {
    name: 'heap_bytes',
    type: 'gauge',
    help: "The broker's heap in use",
  },
  '$SYS/broker/uptime': {
    name: 'uptime_seconds',
    type: 'gauge',
    help: 'Time since the broker started',
  },
};

/** A whole number or a decimal, as Mosquitto writes them; uptime comes as `<n> seconds`. */
const NUMBER = /^(\d+(?:\.\d+)?)(?: seconds)?$/;

/**
 * Mosquitto's `$SYS` statistics as `healthcare_mosquitto_*` metrics: a fixed list of numbers,
 * no label. A metric appears with the broker's first value of it, so a broker that publishes
 * none of these (the embedded aedes of `pnpm start` has a `$SYS` tree of its own) leaves them
 * absent rather than at a misleading 0. Between the broker's updates (`sys_interval`) a value is
 * the last one it published.
 */
export class BrokerStatistics {
  private readonly topics = new Map<string, Statistic>(Object.entries(STATISTICS));
  private readonly gauges = new Map<string, Gauge>();
  private readonly counters = new Map<string, { counter: Counter; last: number }>();

  constructor(private readonly registry: Registry<RegistryContentType>) {}

  /** The topics to subscribe to. */
  get subscriptions(): string[] {
    return [...BROKER_STATISTICS_TOPICS];
  }

  /** Whether a message on `topic` is one of these statistics: it is then taken here, never stored. */
  handles(topic: string): boolean {
    return this.topics.has(topic);
  }

  record(topic: string, payload: string): void {
    const statistic = this.topics.get(topic);
    const match = NUMBER.exec(payload.trim());
    if (!statistic || !match) return;
    const value = Number(match[1]);
    const name = `${METRIC_PREFIX}mosquitto_${statistic.name}`;
    if (statistic.type === 'gauge') {
      let gauge = this.gauges.get(name);
      if (!gauge) {
        gauge = new Gauge({ name, help: statistic.help, registers: [this.registry] });
        this.gauges.set(name, gauge);
      }
      gauge.set(value);
      return;
    }
    let state = this.counters.get(name);
    if (!state) {
      const counter = new Counter({ name, help: statistic.help, registers: [this.registry] });
      state = { counter, last: 0 };
      this.counters.set(name, state);
    }
    // the broker sends its running total; less than before means it restarted from 0
    if (value < state.last) {
      state.counter.reset();
      state.counter.inc(value);
    } else {
      state.counter.inc(value - state.last);
    }
    state.last = value;
  }
}
