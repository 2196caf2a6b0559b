import { Module } from '@nestjs/common';
import { AggregatesRepository } from './aggregates.repository.js';
import { ReadingsController } from './readings.controller.js';
import { ReadingsRepository } from './readings.repository.js';

@Module({
  controllers: [ReadingsController],
  providers: [ReadingsRepository, AggregatesRepository],
  exports: [ReadingsRepository],
})
export class ReadingsModule {}
