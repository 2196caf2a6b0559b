import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module.js';
import { HeartRateGateway } from './heart-rate.gateway.js';

@Module({ imports: [ReadingsModule], providers: [HeartRateGateway] })
export class HeartRateModule {}
