import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { ReadingsServer } from '../broker/readings.server.js';
import { BrokerModule } from '../broker/broker.module.js';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AcknowledgementRelay } from './acknowledgement-relay.js';
import { AlertScorer } from './alert-scorer.js';
import { AssignmentFollower } from './assignment-follower.js';
import { ScoringCache } from './scoring-cache.js';
import { ScoringQueue } from './scoring-queue.js';

/** How often acknowledgements are looked for besides their notifications. */
const ACKNOWLEDGEMENT_ROUND_MS = 5000;

/** Scoring's own connections, so that it never waits for (or holds) the storage's. */
export abstract class ScoringPool extends pg.Pool {}

@Module({
  imports: [BrokerModule],
  providers: [
    {
      provide: ScoringPool,
      inject: [SubscriberConfig],
      useFactory: (config: SubscriberConfig) => {
        const pool = new pg.Pool({
          connectionString: config.DATABASE_URL,
          max: 2,
          connectionTimeoutMillis: 5000,
          application_name: 'healthcare-subscriber-scoring',
          statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
          query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + 2000,
          keepAlive: true,
        });
        // an idle connection the server closed: the pool drops it, the next round opens another
        pool.on('error', () => undefined);
        return pool;
      },
    },
    {
      provide: ScoringCache,
      inject: [SubscriberConfig],
      useFactory: (config: SubscriberConfig) =>
        new ScoringCache({ max: config.SCORING_MAX_DEVICES, refreshMs: config.SCORING_REFRESH_MS }),
    },
    {
      // opens its connection at the first round only: none with SCORING=false
      provide: AssignmentFollower,
      inject: [ScoringCache, SubscriberConfig],
      useFactory: (cache: ScoringCache, config: SubscriberConfig) =>
        new AssignmentFollower({
          databaseUrl: config.DATABASE_URL,
          statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
          onChange: () => cache.drop(),
        }),
    },
    {
      provide: ScoringQueue,
      inject: [
        ScoringPool,
        ScoringCache,
        AssignmentFollower,
        ReadingsServer,
        MetricsService,
        SubscriberConfig,
      ],
      useFactory: (
        pool: pg.Pool,
        cache: ScoringCache,
        follower: AssignmentFollower,
        server: ReadingsServer,
        metrics: MetricsService,
        config: SubscriberConfig,
      ) =>
        new ScoringQueue(
          new AlertScorer(
            pool,
            cache,
            follower,
            (topic, payload) => server.publish(topic, payload),
            metrics,
            config.MQTT_TOPIC_PREFIX,
            config.VITAL_MAX_AGE_S,
          ),
          metrics,
          config.SCORING_MAX_DEVICES,
          config.SCORING_INTERVAL_MS,
        ),
    },
    {
      provide: AcknowledgementRelay,
      inject: [ReadingsServer, MetricsService, SubscriberConfig],
      useFactory: (server: ReadingsServer, metrics: MetricsService, config: SubscriberConfig) =>
        // SCORING=false: storage only, alerts and their acknowledgements included
        config.SCORING
          ? new AcknowledgementRelay(
              {
                databaseUrl: config.DATABASE_URL,
                statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
                topicPrefix: config.MQTT_TOPIC_PREFIX,
                intervalMs: ACKNOWLEDGEMENT_ROUND_MS,
                brokerConnected: () => server.isConnected,
              },
              (topic, payload) => server.publish(topic, payload),
              metrics,
            )
          : null,
    },
  ],
  exports: [ScoringQueue],
})
export class ScoringModule implements OnApplicationShutdown {
  constructor(@Inject(ScoringPool) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
