import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { fromFloat32, SENSOR_SERVICE, type Empty, type SensorData } from '@healthcare/proto';
import { GrpcErrorFilter } from '../errors/grpc-error.filter.js';
import { IngestService } from '../readings/ingest.service.js';

/** Blood-pressure devices call sensor_data.SensorService/SendPressure. */
@Controller()
@UseFilters(GrpcErrorFilter)
export class PressureGrpcController {
  constructor(private readonly ingest: IngestService) {}

  @GrpcMethod(SENSOR_SERVICE, 'SendPressure')
  async sendPressure(data: SensorData): Promise<Empty> {
    await this.ingest.accept('pressure', {
      ...data,
      systolic: data.systolic === undefined ? undefined : fromFloat32(data.systolic),
      diastolic: data.diastolic === undefined ? undefined : fromFloat32(data.diastolic),
    });
    return {};
  }
}
