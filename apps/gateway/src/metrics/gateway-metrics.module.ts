import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics.js';
import { ReadingRefusals } from './reading-refusals.js';

/** The gateway's metrics and refusal log, for every entry point and the broker side. */
@Global()
@Module({
  providers: [GatewayMetrics, ReadingRefusals],
  exports: [GatewayMetrics, ReadingRefusals],
})
export class GatewayMetricsModule {}
