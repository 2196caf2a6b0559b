import { Module } from '@nestjs/common';
import { SubscriberConfig } from '../config/subscriber.config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { BatchWriter } from './batch-writer.js';
import { ReadingStore } from './reading-store.js';

@Module({
  providers: [
    ReadingStore,
    {
      provide: BatchWriter,
      inject: [ReadingStore, SubscriberConfig, MetricsService],
      useFactory: (store: ReadingStore, config: SubscriberConfig, metrics: MetricsService) =>
        new BatchWriter(
          store,
          {
            batchSize: config.BATCH_SIZE,
            flushMs: config.FLUSH_MS,
            shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
          },
          metrics,
        ),
    },
  ],
  exports: [BatchWriter],
})
export class StorageModule {}
