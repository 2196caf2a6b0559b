import * as grpc from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

/** proto/sensor.proto at the workspace root; the same relative path from src/ and dist/. */
export const PROTO_PATH = fileURLToPath(new URL('../../../proto/sensor.proto', import.meta.url));
export const GRPC_PACKAGE = 'sensor_data';
export const SENSOR_SERVICE = 'SensorService';

/** keepCase: fields keep the seed's snake_case names; defaults off: a missing field stays missing. */
export const LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

export interface SensorData {
  sensor_id?: string;
  systolic?: number;
  diastolic?: number;
  unit?: string;
  date?: string;
}
export type Empty = Record<string, never>;

export interface SensorServiceClient extends grpc.Client {
  SendPressure(
    request: SensorData,
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, response?: Empty) => void,
  ): grpc.ClientUnaryCall;
  /** With metadata, e.g. the device's `authorization: Bearer <token>`. */
  SendPressure(
    request: SensorData,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, response?: Empty) => void,
  ): grpc.ClientUnaryCall;
}

type SensorServiceConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => SensorServiceClient;

let serviceConstructor: SensorServiceConstructor | undefined;

/** The generated SensorService client class, loaded once. */
function sensorServiceConstructor(): SensorServiceConstructor {
  if (!serviceConstructor) {
    const definition = grpc.loadPackageDefinition(loadSync(PROTO_PATH, LOADER_OPTIONS));
    const pkg = definition[GRPC_PACKAGE] as grpc.GrpcObject;
    serviceConstructor = pkg[SENSOR_SERVICE] as unknown as SensorServiceConstructor;
  }
  return serviceConstructor;
}

/** SensorService's definition, for a grpc-js server's addService. */
export function sensorServiceDefinition(): grpc.ServiceDefinition {
  return (sensorServiceConstructor() as unknown as grpc.ServiceClientConstructor).service;
}

/** TLS of a client: the CA to trust (else the system's) and a client certificate with its key. */
export interface GrpcClientTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** A client for `sensor_data.SensorService` at host:port: over TLS when given `tls`, else plaintext. */
export function createSensorClient(
  address: string,
  options?: grpc.ChannelOptions,
  tls?: GrpcClientTls,
): SensorServiceClient {
  const Client = sensorServiceConstructor();
  const credentials = tls
    ? grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null)
    : grpc.credentials.createInsecure();
  return new Client(address, credentials, options);
}

/**
 * proto3 `float` is 32-bit: 120.3 arrives as 120.30000305175781. Returns the shortest decimal
 * that is the same float32, so 120.3 stays 120.3 and 120.34 stays 120.34 for validation (for
 * magnitudes from 1e-15 to 2 ** 24; outside them a decimal of the same float32, maybe longer).
 * Found with arithmetic rather than text, since it runs twice on every gRPC reading: the fewest
 * decimal places, each candidate rounded half away from zero as `toPrecision` rounds, and
 * `n / 10 ** places` is the double nearest that decimal, as its text would parse.
 */
export function fromFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  // 10 ** 22 is the largest power of ten a double holds exactly
  for (let places = 0, scale = 1; places <= 22; places++, scale *= 10) {
    const candidate = (Math.sign(value) * Math.round(magnitude * scale)) / scale;
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
