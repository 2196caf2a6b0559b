import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { IngestService } from './ingest.service.js';
import { ReadingsRoutes } from './readings.routes.js';

@Module({
  imports: [BrokerModule, StorageModule],
  providers: [IngestService, ReadingsRoutes],
})
export class ReadingsModule {}
