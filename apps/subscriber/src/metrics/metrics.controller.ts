import { Controller, Get } from '@nestjs/common';
import { ReadingsServer } from '../broker/readings.server.js';
import { MetricsService } from './metrics.service.js';
import { BatchWriter } from '../storage/batch-writer.js';

/** Counters since start and the current state, as JSON (read by the tests and the benchmark). */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly server: ReadingsServer,
    private readonly writer: BatchWriter,
  ) {}

  @Get()
  get() {
    const { received, inserted, duplicates, conflicts, rejected, batches, failedCommits } =
      this.metrics;
    const { scoringRounds, scoringFailures, unscoredReadings, alertsPublished } = this.metrics;
    const { heapUsed, rss } = process.memoryUsage();
    return {
      received,
      inserted,
      duplicates,
      conflicts,
      rejected,
      batches,
      failedCommits,
      scoringRounds,
      scoringFailures,
      unscoredReadings,
      alertsPublished,
      /** accepted, not yet committed */
      pending: this.writer.pendingCount,
      /** received, not yet acknowledged to the broker */
      heldAcks: this.server.heldAcks,
      database: this.writer.writeFailure === undefined ? 'up' : 'down',
      broker: this.server.isConnected ? 'connected' : 'disconnected',
      mqttProtocol: this.server.protocolVersion === 5 ? '5' : '3.1.1',
      memory: { heapUsedBytes: heapUsed, rssBytes: rss },
    };
  }
}
