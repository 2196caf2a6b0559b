import { Injectable } from '@nestjs/common';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { fromFloat32, type Empty, type SensorData } from '@healthcare/proto';
import { verifiedGrpcSubject } from '../devices/client-certificate.js';
import { DeviceAuth, type Credential } from '../devices/device-auth.service.js';
import { GrpcErrors } from '../errors/grpc-errors.js';
import { IngestService } from '../readings/ingest.service.js';

const EMPTY: Empty = {};

/**
 * Blood-pressure devices call sensor_data.SensorService/SendPressure, their token in metadata or
 * with their client certificate. A plain grpc-js handler (PressureGrpcServer) rather than Nest's
 * gRPC transport, whose per-call pipeline (a copy of the call, an observable chain, an execution
 * context) cost more CPU per reading than the rest of the path (see the benchmark's profiles);
 * for the same reason it answers through IngestService.take's callback, not a promise chain.
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
    const data = call.request;
    const answer = (err: unknown, reading?: unknown): void =>
      reading ? callback(null, EMPTY) : callback(this.errors.answer(err, data));
    try {
      const reading = {
        ...data,
        systolic: data.systolic === undefined ? undefined : fromFloat32(data.systolic),
        diastolic: data.diastolic === undefined ? undefined : fromFloat32(data.diastolic),
      };
      this.ingest.take('pressure', reading, this.credential(call), answer);
    } catch (err) {
      answer(err);
    }
  };

  private credential(call: ServerUnaryCall<SensorData, Empty>): Credential | undefined {
    if (!this.auth.required) return undefined;
    const [authorization] = call.metadata.get('authorization');
    // a token, when sent, is the proof whatever the certificate: its subject (a peer certificate
    // read on every call over TLS) is only looked at without one
    if (typeof authorization === 'string') {
      return this.auth.authenticate(authorization, 'pressure');
    }
    return this.auth.authenticate(undefined, 'pressure', verifiedGrpcSubject(call));
  }
}
