import { Module } from '@nestjs/common';
import { StorageModule } from '../storage/storage.module.js';
import { IngestService } from './ingest.service.js';
import { ReadingsController } from './readings.controller.js';

@Module({
  imports: [StorageModule],
  controllers: [ReadingsController],
  providers: [IngestService],
})
export class ReadingsModule {}
