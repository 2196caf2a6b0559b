import { clientFor } from './client-for.js';
import { GrpcSensorClient } from './grpc.client.js';
import { RestSensorClient } from './rest.client.js';
import { WsSensorClient } from './ws.client.js';

describe('clientFor', () => {
  it.each([
    ['temperature', RestSensorClient],
    ['heartRate', WsSensorClient],
    ['pressure', GrpcSensorClient],
  ] as const)('gives %s its protocol client', async (kind, type) => {
    const client = clientFor(kind, { host: '127.0.0.1', httpPort: 1, grpcPort: 2 });
    expect(client).toBeInstanceOf(type);
    expect(client.kind).toBe(kind);
    await client.close();
  });
});
