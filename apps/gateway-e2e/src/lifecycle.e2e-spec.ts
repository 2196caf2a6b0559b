import {
  startTestApp,
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  postTemperature,
  publishAll,
  TestGateway,
  waitFor,
  WsDevice,
} from '@healthcare/testing';
import { ObservedGateway } from './support/gateway.js';
import { heartRate, pressure, temperature } from './support/readings.js';

// each variable's rules are unit-tested in apps/gateway/src/config; here: what the process does
describe('configuration', () => {
  it.each([
    ['HTTP_PORT', 'abc', /HTTP_PORT: .*integer.* \(got "abc"\)/],
    [
      'MQTT_URL',
      'localhost:1883',
      /MQTT_URL: MQTT_URL must look like mqtt:\/\/host:1883 \(got "localhost:1883"\)/,
    ],
  ])(
    'a bad %s (%p) stops the gateway at start with a message naming it',
    async (name, value, message) => {
      const app = startTestApp('gateway', { [name]: value, HOST: '127.0.0.1' });

      expect(await app.exited).toBe(1);
      expect(app.output()).toMatch(/^gateway: Invalid configuration:/m);
      expect(app.output()).toMatch(message);
      expect(app.output()).not.toMatch(/Starting Nest application|gateway ready/);
    },
  );

  it('names every bad variable at once', async () => {
    const app = startTestApp('gateway', {
      GRPC_PORT: '70000',
      PUBLISH_TIMEOUT_MS: '0',
      LOG_FORMAT: 'xml',
    });

    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/GRPC_PORT: .*65535 \(got "70000"\)/);
    expect(app.output()).toMatch(/PUBLISH_TIMEOUT_MS: .*100 \(got "0"\)/);
    expect(app.output()).toMatch(/LOG_FORMAT: .*\(got "xml"\)/);
    expect(app.output()).not.toMatch(/HTTP_PORT/);
  });

  it('MQTT_TOPIC_PREFIX puts every topic under the prefix', async () => {
    const gateway = await ObservedGateway.startWithBroker({ env: { MQTT_TOPIC_PREFIX: 'ward-3' } });
    const grpc = new GrpcDevice(gateway.grpcAddress);
    const ws = await WsDevice.connect(gateway.wsUrl);
    try {
      const [t, p, h] = [temperature(), pressure(), heartRate()];

      expect((await postTemperature(gateway.httpUrl, t)).status).toBe(200);
      await expect(grpc.sendPressure(p)).resolves.toEqual({});
      expect(await ws.request(h)).toMatchObject({ status: 'received' });

      await gateway.collector.waitForCount(3);
      expect(
        gateway.collector.messages.map((m) => [m.topic, JSON.parse(m.payload) as unknown]),
      ).toEqual([
        ['ward-3/temperature', expect.objectContaining({ sensor_id: t.sensor_id })],
        ['ward-3/pressure', expect.objectContaining({ sensor_id: p.sensor_id })],
        ['ward-3/heartRate', expect.objectContaining({ sensor_id: h.sensor_id })],
      ]);
    } finally {
      ws.close();
      grpc.close();
      await gateway.stop();
    }
  }, 60_000);
});

describe('start-up', () => {
  it('starts without a broker, answers 503, and connects by itself once the broker is up', async () => {
    const broker = await Mosquitto.start();
    await broker.stop();
    const gateway = await TestGateway.start(broker.url, { auth: 'off', connected: false });
    try {
      await gateway.waitForHealth(503);
      expect((await postTemperature(gateway.httpUrl, temperature())).status).toBe(503);

      await broker.start();
      await gateway.waitForHealth(200);
      const collector = await MqttCollector.start(broker.url, ['#']);
      try {
        const reading = temperature();
        expect((await postTemperature(gateway.httpUrl, reading)).status).toBe(200);
        await collector.waitForCount(1);
        expect(collector.on('temperature').map((m) => JSON.parse(m.payload) as unknown)).toEqual([
          expect.objectContaining({ sensor_id: reading.sensor_id }),
        ]);
      } finally {
        await collector.close();
      }
    } finally {
      await gateway.stop();
      await broker.dispose();
    }
  }, 60_000);
});

describe('graceful shutdown on SIGTERM', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker();
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);

  it('finishes the requests in flight, publishes exactly the readings it acknowledged, exits 0', async () => {
    // devices of the other protocols stay connected through the shutdown
    const ws = await WsDevice.connect(gateway.wsUrl);
    const grpc = new GrpcDevice(gateway.grpcAddress);
    await expect(grpc.sendPressure(pressure())).resolves.toEqual({});
    expect(await ws.request(heartRate())).toMatchObject({ status: 'received' });
    gateway.collector.clear();

    // 8 devices posting back to back, until the gateway is gone
    const answers = new Map<string, number | 'no answer'>();
    const device = async () => {
      while (gateway.app.running && answers.size < 5000) {
        const reading = temperature();
        try {
          answers.set(reading.sensor_id, (await postTemperature(gateway.httpUrl, reading)).status);
        } catch {
          answers.set(reading.sensor_id, 'no answer'); // connection closed or refused
          return;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 8 }, device));
    const answered = (status: number | 'no answer') =>
      [...answers].filter(([, s]) => s === status).map(([id]) => id);
    await waitFor(() => answered(200).length >= 30, {
      timeoutMs: 20_000,
      what: '30 readings accepted',
    });

    const stopping = Date.now();
    const code = await gateway.app.stop('SIGTERM', 15_000);
    const shutdownMs = Date.now() - stopping;
    await burst;
    grpc.close();

    expect(code).toBe(0);
    expect(shutdownMs).toBeLessThan(10_000);
    await ws.closed;
    expect(answered(200).length + answered(503).length + answered('no answer').length).toBe(
      answers.size,
    );
    // the broker has forwarded everything the gateway published once a later message arrives
    await flush(gateway.broker.url, gateway.collector);
    const published = gateway.collector
      .on('temperature')
      .map((m) => (JSON.parse(m.payload) as { sensor_id: string }).sensor_id);
    // acknowledged: published once; refused (503) or cut off before an answer: never processed
    expect(published.sort()).toEqual(answered(200).sort());
  }, 60_000);
});

describe('graceful shutdown with readings waiting for the broker', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker({ env: { PUBLISH_TIMEOUT_MS: '20000' } });
  }, 60_000);
  afterAll(async () => {
    gateway?.broker.resume();
    await gateway?.stop();
  }, 30_000);

  it('answers every protocol once the broker acknowledges, then exits 0', async () => {
    const ws = await WsDevice.connect(gateway.wsUrl);
    const grpc = new GrpcDevice(gateway.grpcAddress);
    const first = pressure();
    await expect(grpc.sendPressure(first)).resolves.toEqual({});
    // the answer follows the broker's PUBACK, which can come before the broker's delivery to the
    // collector: clear once the reading is there, or it is counted among the four below
    await gateway.published(first.sensor_id);
    gateway.collector.clear();
    const [t1, t2, p, h] = [temperature(), temperature(), pressure(), heartRate()];

    gateway.broker.pause();
    const before = gateway.broker.unreadBytes();
    const answers = Promise.all([
      postTemperature(gateway.httpUrl, t1, 30_000),
      postTemperature(gateway.httpUrl, t2, 30_000),
      grpc.sendPressure(p, 30_000),
      ws.request(h, 30_000),
    ]);
    // all four publishes are at the frozen broker, unacknowledged: in flight
    await waitFor(() => gateway.broker.unreadBytes() - before >= 4 * 80, {
      what: 'four publishes waiting at the paused broker',
    });
    const exited = gateway.app.stop('SIGTERM', 20_000);
    await gateway.app.waitForOutput(/waiting for 4 readings to reach the broker/);
    gateway.broker.resume();

    const [rest1, rest2, empty, frame] = await answers;
    expect([rest1.status, rest2.status]).toEqual([200, 200]);
    expect(empty).toEqual({});
    expect(frame).toEqual({ status: 'received', sensor_id: h.sensor_id, date: h.date });
    expect(await exited).toBe(0);
    grpc.close();
    await gateway.collector.waitForCount(4);
    expect(gateway.sensorIds().sort()).toEqual(
      [t1.sensor_id, t2.sensor_id, p.sensor_id, h.sensor_id].sort(),
    );
  }, 60_000);
});

/** Publishes a marker from another client and waits until the collector has it. */
async function flush(url: string, collector: MqttCollector): Promise<void> {
  await publishAll(url, [{ topic: 'flush', payload: 'flush' }]);
  await waitFor(() => collector.on('flush').length > 0, { what: 'the flush marker' });
}
