import { Inject, Injectable } from '@nestjs/common';
import { databaseUpGauge, METRIC_PREFIX, METRICS_REGISTRY } from '@healthcare/config/metrics';
import { Gauge, type Registry, type RegistryContentType } from 'prom-client';
import { ReadingsServer } from '../broker/readings.server.js';
import { BatchWriter } from '../storage/batch-writer.js';

const name = (suffix: string) => `${METRIC_PREFIX}subscriber_${suffix}`;

/** The subscriber's state as gauges, read from the broker side and the writer at each scrape. */
@Injectable()
export class SubscriberStateMetrics {
  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry<RegistryContentType>,
    server: ReadingsServer,
    writer: BatchWriter,
  ) {
    const gauge = (suffix: string, help: string, read: () => number) =>
      new Gauge({
        name: name(suffix),
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    gauge(
      'held_acknowledgements',
      'Messages received and not yet acknowledged to the broker (acknowledged once committed)',
      () => server.heldAcks,
    );
    gauge('pending_messages', 'Messages accepted and not yet committed', () => writer.pendingCount);
    databaseUpGauge(
      registry,
      'subscriber',
      '0 from a failed batch write until one commits',
      () => writer.writeFailure === undefined,
    );
    gauge('broker_connected', '1 while connected to the MQTT broker, else 0', () =>
      server.isConnected ? 1 : 0,
    );
    gauge(
      'mqtt_protocol_version',
      'The MQTT version spoken with the broker: 5, or 4 (3.1.1)',
      () => server.protocolVersion ?? 0,
    );
  }
}
