import { Inject, Injectable } from '@nestjs/common';
import { READING_KINDS, type ReadingKind } from '@healthcare/contracts';
import { CountedAtScrape, METRIC_PREFIX, METRICS_REGISTRY } from '@healthcare/config/metrics';
import { Counter, Gauge, Histogram, type Registry, type RegistryContentType } from 'prom-client';
import type { RefusalReason } from '../errors/gateway-errors.js';
import { PROTOCOL_OF, type Protocol } from '../readings/protocols.js';

const name = (suffix: string) => `${METRIC_PREFIX}gateway_${suffix}`;

/** What the broker side of the gateway shows of itself. */
export interface BrokerState {
  isConnected: boolean;
  pendingPublishes: number;
}

/**
 * The gateway's metrics. Labels are fixed sets (protocol, kind, reason), never a device's id:
 * a device is named in the refusal log instead (ReadingRefusals).
 */
@Injectable()
export class GatewayMetrics {
  /** Counted at scrape: an accepted reading costs a number's increment, not two label look-ups. */
  private readonly received: CountedAtScrape<ReadingKind, 'protocol' | 'kind'>;
  private readonly publishedTotal: CountedAtScrape<ReadingKind, 'protocol' | 'kind'>;
  private readonly refusedTotal: Counter<'protocol' | 'kind' | 'reason'>;
  private readonly publishSeconds: Histogram<'kind'>;
  /**
   * Refused for a device's identity, by protocol and reason: counted by the device
   * authentication when it refuses a device (nothing counts here before it).
   */
  readonly authRefusals: Counter<'protocol' | 'reason'>;
  private broker: BrokerState | undefined;
  /** Each kind's latency series, looked up once (not per reading). */
  private readonly publishSeries: Record<ReadingKind, Histogram.Internal<'kind'>>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry<RegistryContentType>) {
    const registers = [registry];
    const byKind = (suffix: string, help: string) =>
      new CountedAtScrape(
        { name: name(suffix), help, labelNames: ['protocol', 'kind'], registers },
        READING_KINDS,
        (kind) => ({ protocol: PROTOCOL_OF[kind], kind }),
      );
    this.received = byKind(
      'readings_received_total',
      'Readings that reached the gateway, each answered once: published or refused',
    );
    this.publishedTotal = byKind(
      'readings_published_total',
      "Readings the broker acknowledged (PUBACK) and the device was told 'received'",
    );
    this.refusedTotal = new Counter({
      name: name('readings_refused_total'),
      help: 'Readings refused, by reason (invalid_reading, malformed_json, too_large, unsupported_media_type, unauthenticated, forbidden, overloaded, broker_unavailable, broker_refused, no_subscriber, publish_timeout, shutting_down, internal)',
      labelNames: ['protocol', 'kind', 'reason'],
      registers,
    });
    this.authRefusals = new Counter({
      name: name('auth_refusals_total'),
      help: 'Devices refused for their identity (credentials missing or wrong), by protocol and reason',
      labelNames: ['protocol', 'reason'],
      registers,
    });
    this.publishSeconds = new Histogram({
      name: name('publish_duration_seconds'),
      help: "From handing a reading to the MQTT client to the broker's PUBACK",
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const broker = () => this.broker;
    new Gauge({
      name: name('broker_connected'),
      help: '1 while the gateway is connected to the MQTT broker, else 0',
      registers,
      collect() {
        this.set(broker()?.isConnected ? 1 : 0);
      },
    });
    new Gauge({
      name: name('pending_publishes'),
      help: 'Readings handed to the MQTT client and not yet acknowledged (bounded by MAX_PENDING_PUBLISHES)',
      registers,
      collect() {
        this.set(broker()?.pendingPublishes ?? 0);
      },
    });
    this.publishSeries = {
      temperature: this.publishSeconds.labels({ kind: 'temperature' }),
      pressure: this.publishSeconds.labels({ kind: 'pressure' }),
      heartRate: this.publishSeconds.labels({ kind: 'heartRate' }),
    };
  }

  /** The broker side reports through this from now on (read at every scrape). */
  watchBroker(state: BrokerState): void {
    this.broker = state;
  }

  published(kind: ReadingKind, seconds: number): void {
    this.received.add(kind);
    this.publishedTotal.add(kind);
    this.publishSeries[kind].observe(seconds);
  }

  /** A device refused for its identity (DeviceAuth's reasons: no_token, unknown_token, ...). */
  authRefused(protocol: Protocol, reason: string): void {
    this.authRefusals.inc({ protocol, reason });
  }

  refused(kind: ReadingKind, reason: RefusalReason): void {
    const protocol: Protocol = PROTOCOL_OF[kind];
    this.received.counter.inc({ protocol, kind });
    this.refusedTotal.inc({ protocol, kind, reason });
  }
}
