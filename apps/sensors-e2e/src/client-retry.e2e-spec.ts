import {
  createGenerator,
  GrpcSensorClient,
  RestSensorClient,
  type RetryEvent,
} from '@healthcare/sensors';
import { Mosquitto, MqttCollector, TestGateway, waitFor } from '@healthcare/testing';
import { randomBytes } from 'node:crypto';
import { TOPICS } from './support/readings.js';
import { GATEWAY_ENV } from './support/gateway-env.js';

const backoff = { initialMs: 100, maxMs: 500 };

describe('REST and gRPC clients while the broker is down', () => {
  let broker: Mosquitto;
  let collector: MqttCollector;
  let gateway: TestGateway;
  let rest: RestSensorClient;
  let grpc: GrpcSensorClient;
  const retries: RetryEvent[] = [];

  beforeAll(async () => {
    broker = await Mosquitto.start();
    // a persistent session: the broker keeps what is published for it across its restart
    collector = await MqttCollector.start(broker.url, [TOPICS.temperature, TOPICS.pressure], {
      clientId: `collector-${randomBytes(4).toString('hex')}`,
      clean: false,
    });
    await broker.stop();
    gateway = await TestGateway.start(broker.url, {
      auth: 'off',
      env: GATEWAY_ENV,
      connected: false,
    });
    rest = new RestSensorClient({
      baseUrl: gateway.httpUrl,
      backoff,
      onRetry: (e) => retries.push(e),
    });
    grpc = new GrpcSensorClient({
      address: gateway.grpcAddress,
      backoff,
      onRetry: (e) => retries.push(e),
    });
  });

  afterAll(async () => {
    await rest?.close();
    await grpc?.close();
    await gateway?.stop();
    await collector?.close();
    await broker?.dispose();
  });

  it('retry on 503 / UNAVAILABLE until the broker is back; each reading then arrives exactly as sent', async () => {
    const temperature = createGenerator('temperature')('Temp_042');
    const pressure = createGenerator('pressure')('Press_042');
    const sending = [rest.send(temperature), grpc.send(pressure)];

    const retriesOf = (id: string) => retries.filter((r) => r.sensorId === id);
    await waitFor(() => retriesOf('Temp_042').length >= 2 && retriesOf('Press_042').length >= 2, {
      timeoutMs: 15_000,
      what: 'two refused attempts per client',
    });
    expect(retriesOf('Temp_042')[0].reason).toBe('HTTP 503: the MQTT broker is not reachable');
    expect(retriesOf('Press_042')[0].reason).toBe('UNAVAILABLE: the MQTT broker is not reachable');

    await broker.start();
    const [restOutcome, grpcOutcome] = await Promise.all(sending);
    expect(restOutcome).toMatchObject({ status: 'accepted' });
    expect(grpcOutcome).toMatchObject({ status: 'accepted' });
    expect(restOutcome.attempts).toBeGreaterThan(2);
    expect(grpcOutcome.attempts).toBeGreaterThan(2);

    await waitFor(() => collector.messages.length >= 2, {
      timeoutMs: 15_000,
      what: 'both readings',
    });
    expect(collector.on(TOPICS.temperature).map((m) => m.payload)).toEqual([
      JSON.stringify(temperature),
    ]);
    expect(collector.on(TOPICS.pressure).map((m) => m.payload)).toEqual([JSON.stringify(pressure)]);
  });
});
