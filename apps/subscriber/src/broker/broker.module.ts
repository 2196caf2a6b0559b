import { Module } from '@nestjs/common';
import { mqttLogin, mqttTls } from '@healthcare/config';
import { METRICS_REGISTRY } from '@healthcare/config/metrics';
import { MAX_MESSAGE_BYTES } from '@healthcare/contracts';
import type { Registry, RegistryContentType } from 'prom-client';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { BrokerStatistics } from './broker-statistics.js';
import { ReadingTopics } from './reading-topics.js';
import { ReadingsServer } from './readings.server.js';

/** The MQTT side: main.ts connects ReadingsServer as the app's microservice. */
@Module({
  providers: [
    {
      provide: ReadingTopics,
      inject: [SubscriberConfig],
      useFactory: (config: SubscriberConfig) =>
        new ReadingTopics(config.MQTT_TOPIC_PREFIX, config.MQTT_SHARED_GROUP),
    },
    {
      provide: ReadingsServer,
      inject: [SubscriberConfig, ReadingTopics, METRICS_REGISTRY],
      useFactory: (
        config: SubscriberConfig,
        topics: ReadingTopics,
        registry: Registry<RegistryContentType>,
      ) =>
        new ReadingsServer(
          {
            url: config.MQTT_URL,
            ...mqttLogin(config),
            ...mqttTls(config),
            clientId: config.MQTT_CLIENT_ID,
            sessionExpirySeconds: config.MQTT_SESSION_EXPIRY_S,
            receiveMaximum: receiveMaximum(config.BATCH_SIZE),
            maximumPacketSize: MAXIMUM_PACKET_SIZE,
            keepaliveSeconds: config.MQTT_KEEPALIVE_S,
          },
          topics,
          new BrokerStatistics(registry),
        ),
    },
  ],
  exports: [ReadingsServer, ReadingTopics],
})
export class BrokerModule {}

/**
 * Messages in flight are unacknowledged until their batch commits: room for one batch being
 * written and the next one filling (MQTT caps it at 65,535).
 */
export function receiveMaximum(batchSize: number): number {
  return Math.min(2 * batchSize, 65_535);
}

/**
 * The largest packet the subscriber accepts: the largest message the broker takes, with room
 * for the topic and properties around it. The broker does not send it a bigger one.
 */
export const MAXIMUM_PACKET_SIZE = MAX_MESSAGE_BYTES + 16 * 1024;
