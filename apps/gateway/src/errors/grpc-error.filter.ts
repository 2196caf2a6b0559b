import {
  Catch,
  Injectable,
  Logger,
  type ArgumentsHost,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { FIELD_ERRORS_METADATA } from '@healthcare/contracts';
import type { SensorData } from '@healthcare/proto';
import { throwError, type Observable } from 'rxjs';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import type { ErrorCode } from '@healthcare/contracts';
import { GatewayOverloadedError, INTERNAL_ERROR, toErrorFrame } from './gateway-errors.js';

/** gRPC status for the gateway's typed errors; field errors also go as JSON in `field-errors` metadata. */
// the one gRPC method is pressure's (PressureGrpcController)
@Catch()
@Injectable()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(GrpcErrorFilter.name);

  constructor(private readonly refusals: ReadingRefusals) {}

  catch(err: unknown, host: ArgumentsHost): Observable<never> {
    const data = host.switchToRpc().getData<SensorData | undefined>();
    this.refusals.refused('pressure', err, data?.sensor_id);
    const frame = toErrorFrame(err);
    if (!frame) this.logger.error(err);
    const answer = frame ?? INTERNAL_ERROR;
    const metadata = new Metadata();
    if (answer.errors) metadata.set(FIELD_ERRORS_METADATA, JSON.stringify(answer.errors));
    const code = !frame ? status.INTERNAL : grpcStatus(err, frame.error);
    return throwError(() => ({ code, message: answer.message, details: answer.message, metadata }));
  }
}

function grpcStatus(err: unknown, code: ErrorCode): status {
  if (err instanceof GatewayOverloadedError) return status.RESOURCE_EXHAUSTED;
  switch (code) {
    case 'unavailable':
      return status.UNAVAILABLE;
    case 'unauthenticated':
      return status.UNAUTHENTICATED;
    case 'forbidden':
      return status.PERMISSION_DENIED;
    case 'invalid_reading':
    case 'malformed_json':
    case 'too_large':
    case 'unsupported_media_type':
      return status.INVALID_ARGUMENT;
  }
}
