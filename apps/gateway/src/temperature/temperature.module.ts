import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module.js';
import { TemperatureController } from './temperature.controller.js';

@Module({ imports: [ReadingsModule], controllers: [TemperatureController] })
export class TemperatureModule {}
