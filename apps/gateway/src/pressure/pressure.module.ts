import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module.js';
import { PressureGrpcController } from './pressure.grpc.controller.js';

@Module({ imports: [ReadingsModule], controllers: [PressureGrpcController] })
export class PressureModule {}
