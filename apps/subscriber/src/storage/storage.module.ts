import { Module } from '@nestjs/common';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { ScoringQueue } from '../scoring/scoring-queue.js';
import { BatchWriter } from './batch-writer.js';
import { ReadingStore } from './reading-store.js';

@Module({
  imports: [ScoringModule],
  providers: [
    ReadingStore,
    {
      provide: BatchWriter,
      inject: [ReadingStore, SubscriberConfig, MetricsService, ScoringQueue],
      useFactory: (
        store: ReadingStore,
        config: SubscriberConfig,
        metrics: MetricsService,
        scoring: ScoringQueue,
      ) =>
        new BatchWriter(
          store,
          {
            batchSize: config.BATCH_SIZE,
            flushMs: config.FLUSH_MS,
            shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
          },
          metrics,
          config.SCORING ? (items, conflicts) => scoring.committed(items, conflicts) : undefined,
        ),
    },
  ],
  exports: [BatchWriter],
})
export class StorageModule {}
