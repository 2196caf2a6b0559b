import { Injectable } from '@nestjs/common';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { fromFloat32, type Empty, type SensorData } from '@healthcare/proto';
import { verifiedGrpcSubject } from '../devices/client-certificate.js';
import { DeviceAuth } from '../devices/device-auth.service.js';
import { GrpcErrors } from '../errors/grpc-errors.js';
import { IngestService } from '../readings/ingest.service.js';

const EMPTY: Empty = {};

/**
 * Blood-pressure devices call sensor_data.SensorService/SendPressure, their token in metadata or
 * with their client certificate. A plain grpc-js handler (PressureGrpcServer) rather than Nest's
 * gRPC transport, whose per-call pipeline (a copy of the call, an observable chain, an execution
 * context) cost more CPU per reading than the rest of the path (see the benchmark's profiles).
 */
@Injectable()
export class PressureGrpcHandler {
  constructor(
    private readonly auth: DeviceAuth,
    private readonly ingest: IngestService,
    private readonly errors: GrpcErrors,
  ) {}

  readonly sendPressure = (
    call: ServerUnaryCall<SensorData, Empty>,
    callback: sendUnaryData<Empty>,
  ): void => {
    this.receive(call).then(
      () => callback(null, EMPTY),
      (err: unknown) => callback(this.errors.answer(err, call.request)),
    );
  };

  private async receive(call: ServerUnaryCall<SensorData, Empty>): Promise<void> {
    const [authorization] = call.metadata.get('authorization');
    const credential = this.auth.authenticate(
      typeof authorization === 'string' ? authorization : undefined,
      'pressure',
      verifiedGrpcSubject(call),
    );
    const data = call.request;
    await this.ingest.accept(
      'pressure',
      {
        ...data,
        systolic: data.systolic === undefined ? undefined : fromFloat32(data.systolic),
        diastolic: data.diastolic === undefined ? undefined : fromFloat32(data.diastolic),
      },
      credential,
    );
  }
}
