import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerModule } from '../broker/broker.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { HealthController } from './health.controller.js';

// the apps log each broker/database state change once themselves; a 503 per probe would flood
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BrokerModule, StorageModule],
  controllers: [HealthController],
})
export class HealthModule {}
