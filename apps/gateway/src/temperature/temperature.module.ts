import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module.js';
import { TemperatureRoute } from './temperature.route.js';

@Module({ imports: [ReadingsModule], providers: [TemperatureRoute] })
export class TemperatureModule {}
