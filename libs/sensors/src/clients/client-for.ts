import type { ReadingKind } from '@healthcare/contracts';
import type { ClientOptions } from '../client-options.js';
import type { SensorClient } from '../outcome.js';
import { GrpcSensorClient } from './grpc.client.js';
import { RestSensorClient } from './rest.client.js';
import { WsSensorClient } from './ws.client.js';

export interface GatewayAddress {
  host: string;
  /** REST and WebSocket. */
  httpPort: number;
  grpcPort: number;
}

/** The client of a kind's protocol: temperature over REST, heart rate over WebSocket, pressure over gRPC. */
export function clientFor<K extends ReadingKind>(
  kind: K,
  { host, httpPort, grpcPort }: GatewayAddress,
  options: ClientOptions = {},
): SensorClient<K> {
  const clients: { [P in ReadingKind]: () => SensorClient<P> } = {
    temperature: () => new RestSensorClient({ ...options, baseUrl: `http://${host}:${httpPort}` }),
    heartRate: () => new WsSensorClient({ ...options, url: `ws://${host}:${httpPort}/heartrate` }),
    pressure: () => new GrpcSensorClient({ ...options, address: `${host}:${grpcPort}` }),
  };
  return clients[kind]();
}
