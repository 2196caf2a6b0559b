import { Injectable, Logger } from '@nestjs/common';
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { FIELD_ERRORS_METADATA, type ErrorCode } from '@healthcare/contracts';
import type { SensorData } from '@healthcare/proto';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import { GatewayOverloadedError, INTERNAL_ERROR, toErrorFrame } from './gateway-errors.js';

/**
 * The gRPC answer to a call that failed, counted as refused: a status for the gateway's typed
 * errors, the field errors also as JSON in `field-errors` metadata; an unexpected error is logged
 * and answered INTERNAL without its text. The one gRPC method is pressure's (PressureGrpcHandler).
 */
@Injectable()
export class GrpcErrors {
  private readonly logger = new Logger(GrpcErrors.name);

  constructor(private readonly refusals: ReadingRefusals) {}

  answer(err: unknown, request: SensorData | undefined): StatusObject {
    this.refusals.refused('pressure', err, request?.sensor_id);
    const frame = toErrorFrame(err);
    if (!frame) this.logger.error(err);
    const answer = frame ?? INTERNAL_ERROR;
    const metadata = new Metadata();
    if (answer.errors) metadata.set(FIELD_ERRORS_METADATA, JSON.stringify(answer.errors));
    const code = !frame ? status.INTERNAL : grpcStatus(err, frame.error);
    return { code, details: answer.message, metadata };
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
