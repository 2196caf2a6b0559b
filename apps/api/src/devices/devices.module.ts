import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module.js';
import { DevicesController } from './devices.controller.js';
import { DevicesRepository } from './devices.repository.js';

@Module({
  imports: [ReadingsModule],
  controllers: [DevicesController],
  providers: [DevicesRepository],
  exports: [DevicesRepository],
})
export class DevicesModule {}
