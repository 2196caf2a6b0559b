import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestGrpc = saturatedIngest(
  'grpc',
  'blood-pressure readings by unary gRPC SendPressure',
);
