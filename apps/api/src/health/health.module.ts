import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseProbe } from './database-probe.js';
import { DatabaseStateMetrics } from './database-state.metrics.js';
import { HealthController } from './health.controller.js';

// a 503 per probe would flood the log while the database is away
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseProbe, DatabaseStateMetrics],
})
export class HealthModule {}
