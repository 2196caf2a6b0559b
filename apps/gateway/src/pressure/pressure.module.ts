import { Module } from '@nestjs/common';
import { GrpcErrors } from '../errors/grpc-errors.js';
import { ReadingsModule } from '../readings/readings.module.js';
import { PressureGrpcHandler } from './pressure.grpc-handler.js';
import { PressureGrpcServer } from './pressure.grpc-server.js';

@Module({
  imports: [ReadingsModule],
  providers: [GrpcErrors, PressureGrpcHandler, PressureGrpcServer],
})
export class PressureModule {}
