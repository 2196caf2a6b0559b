import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestGrpcTls = saturatedIngest(
  'grpc',
  'blood-pressure readings by unary gRPC SendPressure over TLS',
  { tls: true },
);
