import type { Reading } from '@healthcare/contracts';
import {
  createGenerator,
  GrpcSensorClient,
  RestSensorClient,
  WsSensorClient,
  type RetryEvent,
  type SensorClient,
} from '@healthcare/sensors';
import { Mosquitto, MqttCollector, TestGateway, waitFor } from '@healthcare/testing';
import { TOPICS } from './support/readings.js';
import { GATEWAY_ENV } from './support/gateway-env.js';

describe('a rejected reading', () => {
  let broker: Mosquitto;
  let collector: MqttCollector;
  let gateway: TestGateway;
  const retries: RetryEvent[] = [];
  const onRetry = (e: RetryEvent) => retries.push(e);
  const clients: SensorClient[] = [];

  beforeAll(async () => {
    broker = await Mosquitto.start();
    collector = await MqttCollector.start(broker.url, Object.values(TOPICS));
    gateway = await TestGateway.start(broker.url, { auth: 'off', env: GATEWAY_ENV });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gateway?.stop();
    await collector?.close();
    await broker?.dispose();
  });

  /** Sends `bad` then `good`: the first is a final rejection, only the second is published. */
  async function check<K extends 'temperature' | 'pressure' | 'heartRate'>(
    client: SensorClient<K>,
    bad: Reading<K>,
    good: Reading<K>,
    field: string,
  ) {
    clients.push(client);
    const rejected = await client.send(bad);
    expect(rejected).toMatchObject({ status: 'rejected', attempts: 1, code: 'invalid_reading' });
    expect(rejected.status === 'rejected' && rejected.errors?.map((e) => e.field)).toEqual([field]);
    await expect(client.send(good)).resolves.toEqual({ status: 'accepted', attempts: 1 });

    const topic = TOPICS[client.kind];
    await waitFor(() => collector.on(topic).length >= 1, {
      what: `the valid ${client.kind} reading`,
    });
    expect(collector.on(topic).map((m) => m.payload)).toEqual([JSON.stringify(good)]);
    expect(retries).toEqual([]);
  }

  it('REST: 400 is reported as a rejection, not retried, never published', async () => {
    const next = createGenerator('temperature');
    await check(
      new RestSensorClient({ baseUrl: gateway.httpUrl, onRetry }),
      { ...next('Temp_900'), value: 99 },
      next('Temp_900'),
      'value',
    );
  });

  it('REST: 413 for an oversized body is a rejection too', async () => {
    const client = new RestSensorClient({ baseUrl: gateway.httpUrl, onRetry });
    clients.push(client);
    const huge = { ...createGenerator('temperature')('Temp_901'), note: 'x'.repeat(20_000) };
    await expect(client.send(huge)).resolves.toMatchObject({
      status: 'rejected',
      attempts: 1,
      code: 'too_large',
    });
    expect(retries).toEqual([]);
  });

  it('gRPC: INVALID_ARGUMENT is reported as a rejection with its field errors', async () => {
    const next = createGenerator('pressure');
    await check(
      new GrpcSensorClient({ address: gateway.grpcAddress, onRetry }),
      { ...next('Press_900'), systolic: 70, diastolic: 80 },
      next('Press_900'),
      'systolic',
    );
  });

  it('WebSocket: an invalid_reading frame is final; the connection carries on', async () => {
    const next = createGenerator('heartRate');
    await check(
      new WsSensorClient({ url: gateway.wsUrl, onRetry }),
      { ...next('Heart_900'), value: 500 },
      next('Heart_900'),
      'value',
    );
  });
});
