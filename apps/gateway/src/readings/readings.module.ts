import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { IngestService } from './ingest.service.js';

@Module({
  imports: [BrokerModule, DevicesModule],
  providers: [IngestService],
  exports: [IngestService, DevicesModule],
})
export class ReadingsModule {}
