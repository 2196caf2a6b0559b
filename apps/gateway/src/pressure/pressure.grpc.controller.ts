import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { fromFloat32, SENSOR_SERVICE, type Empty, type SensorData } from '@healthcare/proto';
import { verifiedGrpcSubject } from '../devices/client-certificate.js';
import { DeviceAuth } from '../devices/device-auth.service.js';
import { GrpcErrorFilter } from '../errors/grpc-error.filter.js';
import { IngestService } from '../readings/ingest.service.js';

/**
 * Blood-pressure devices call sensor_data.SensorService/SendPressure, their token in metadata or
 * with their client certificate.
 */
@Controller()
@UseFilters(GrpcErrorFilter)
export class PressureGrpcController {
  constructor(
    private readonly auth: DeviceAuth,
    private readonly ingest: IngestService,
  ) {}

  @GrpcMethod(SENSOR_SERVICE, 'SendPressure')
  async sendPressure(
    data: SensorData,
    metadata: Metadata,
    call: ServerUnaryCall<SensorData, Empty>,
  ): Promise<Empty> {
    const [authorization] = metadata.get('authorization');
    const credential = this.auth.authenticate(
      typeof authorization === 'string' ? authorization : undefined,
      'pressure',
      verifiedGrpcSubject(call),
    );
    await this.ingest.accept(
      'pressure',
      {
        ...data,
        systolic: data.systolic === undefined ? undefined : fromFloat32(data.systolic),
        diastolic: data.diastolic === undefined ? undefined : fromFloat32(data.diastolic),
      },
      credential,
    );
    return {};
  }
}
