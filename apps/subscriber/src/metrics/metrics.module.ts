import { Global, Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/**
 * The counters every part of the subscriber adds to, and GET /metrics. Global, so that storage and
 * ingestion count without importing this module, which itself reads the storage's state.
 */
@Global()
@Module({
  imports: [BrokerModule, StorageModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
