import { Global, Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { MetricsService } from './metrics.service.js';
import { SubscriberStateMetrics } from './subscriber-state.metrics.js';

/**
 * The subscriber's metrics, served on GET /metrics by the shared MetricsModule. Global, so that
 * storage and ingestion count without importing this module, which itself reads the storage's
 * state.
 */
@Global()
@Module({
  imports: [BrokerModule, StorageModule],
  providers: [MetricsService, SubscriberStateMetrics],
  exports: [MetricsService],
})
export class SubscriberMetricsModule {}
