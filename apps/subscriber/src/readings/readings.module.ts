import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { IngestService } from './ingest.service.js';
import { ReadingsController } from './readings.controller.js';

@Module({
  imports: [BrokerModule, StorageModule],
  controllers: [ReadingsController],
  providers: [IngestService],
})
export class ReadingsModule {}
