import { Module } from '@nestjs/common';
import { ApiMetrics } from './api-metrics.js';

/** The API's own metrics, served on GET /metrics by the shared MetricsModule. */
@Module({
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class ApiMetricsModule {}
