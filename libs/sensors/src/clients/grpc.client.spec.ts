import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  fromFloat32,
  GRPC_PACKAGE,
  LOADER_OPTIONS,
  PROTO_PATH,
  SENSOR_SERVICE,
} from '@healthcare/proto';
import { createGenerator } from '../generators/readings.js';
import type { RetryEvent } from '../outcome.js';
import { GrpcSensorClient } from './grpc.client.js';

type Answer = (request: Record<string, unknown>) => Partial<grpc.StatusObject> | null;

/** A stand-in for the gateway's SensorService; `answer` returns an error status or null for OK. */
class FakeGateway {
  requests: Record<string, unknown>[] = [];
  answer: Answer = () => null;
  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<FakeGateway> {
    const definition = grpc.loadPackageDefinition(loadSync(PROTO_PATH, LOADER_OPTIONS));
    const service = (definition[GRPC_PACKAGE] as grpc.GrpcObject)[
      SENSOR_SERVICE
    ] as grpc.ServiceClientConstructor;
    const server = new grpc.Server();
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const gateway = new FakeGateway(server, bound);
    server.addService(service.service, {
      SendPressure: (
        call: grpc.ServerUnaryCall<Record<string, unknown>, object>,
        callback: grpc.sendUnaryData<object>,
      ) => {
        gateway.requests.push(call.request);
        const error = gateway.answer(call.request);
        if (error) callback(error);
        else callback(null, {});
      },
    });
    return gateway;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }
}

const next = createGenerator('pressure');
const fast = { initialMs: 10, maxMs: 50, factor: 2 };

describe('GrpcSensorClient', () => {
  let gateway: FakeGateway;
  let client: GrpcSensorClient;

  beforeEach(async () => {
    gateway = await FakeGateway.start();
  });
  afterEach(async () => {
    await client.close();
    await gateway.close();
  });

  it('calls SendPressure with the reading (floats come back as sent)', async () => {
    client = new GrpcSensorClient({ address: gateway.address });
    const reading = next('Press_001');
    await expect(client.send(reading)).resolves.toEqual({ status: 'accepted', attempts: 1 });
    const [request] = gateway.requests;
    expect({
      ...request,
      systolic: fromFloat32(request.systolic as number),
      diastolic: fromFloat32(request.diastolic as number),
    }).toEqual(reading);
  });

  it('allows many calls in flight at once', async () => {
    client = new GrpcSensorClient({ address: gateway.address });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.send(next(`Press_${i}`))),
    );
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(gateway.requests).toHaveLength(100);
  });

  it.each([
    ['UNAVAILABLE', grpc.status.UNAVAILABLE],
    ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED],
  ])('retries %s with backoff until accepted', async (_name, code) => {
    gateway.answer = () => (gateway.requests.length <= 2 ? { code, details: 'broker away' } : null);
    const retries: RetryEvent[] = [];
    client = new GrpcSensorClient({
      address: gateway.address,
      backoff: fast,
      onRetry: (e) => retries.push(e),
    });
    await expect(client.send(next('Press_001'))).resolves.toEqual({
      status: 'accepted',
      attempts: 3,
    });
    expect(retries.map((r) => r.reason)).toEqual([
      `${grpc.status[code]}: broker away`,
      `${grpc.status[code]}: broker away`,
    ]);
  });

  it('reports INVALID_ARGUMENT as a rejection with the field errors, without retrying', async () => {
    const errors = [{ field: 'systolic', messages: ['systolic must be greater than diastolic'] }];
    gateway.answer = () => {
      const metadata = new grpc.Metadata();
      metadata.set('field-errors', JSON.stringify(errors));
      return { code: grpc.status.INVALID_ARGUMENT, details: 'invalid pressure reading', metadata };
    };
    client = new GrpcSensorClient({ address: gateway.address, backoff: fast });
    await expect(client.send(next('Press_001'))).resolves.toEqual({
      status: 'rejected',
      attempts: 1,
      code: 'invalid_reading',
      message: 'invalid pressure reading',
      errors,
    });
    expect(gateway.requests).toHaveLength(1);
  });

  it('retries while the gateway is down and delivers once it is back on the same port', async () => {
    const port = gateway.port;
    await gateway.close();
    const retries: RetryEvent[] = [];
    client = new GrpcSensorClient({
      address: `127.0.0.1:${port}`,
      backoff: fast,
      onRetry: (e) => retries.push(e),
    });
    const sending = client.send(next('Press_001'));
    // polled, not a fixed wait: on a loaded machine the second retry can come late
    for (const deadline = Date.now() + 4000; retries.length < 2 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(retries.length).toBeGreaterThan(1);
    expect(retries[0].reason).toMatch(/^UNAVAILABLE/);
    gateway = await FakeGateway.start(port);
    await expect(sending).resolves.toMatchObject({ status: 'accepted' });
  });

  it('gives up after maxAttempts; close() abandons the rest', async () => {
    gateway.answer = () => ({ code: grpc.status.UNAVAILABLE, details: 'down' });
    client = new GrpcSensorClient({ address: gateway.address, backoff: fast, maxAttempts: 2 });
    await expect(client.send(next('Press_001'))).resolves.toMatchObject({
      status: 'abandoned',
      attempts: 2,
    });
    await client.close();
    client = new GrpcSensorClient({ address: gateway.address, backoff: { initialMs: 5000 } });
    const sending = client.send(next('Press_001'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();
    await expect(sending).resolves.toMatchObject({ status: 'abandoned', attempts: 1 });
  });
});
