import { status } from '@grpc/grpc-js';
import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  postTemperature,
  TestGateway,
  WsDevice,
} from '@healthcare/testing';
import { textMatching } from './support/matchers.js';
import { heartRate, pressure, temperature } from './support/readings.js';

const TOPICS = ['temperature', 'pressure', 'heartRate'];

/**
 * Mosquitto acknowledges a QoS 1 publish that no subscription matches, and drops it. The gateway
 * must not tell a device "received" for a reading nobody will get (issue 10, point 1).
 */
describe('no subscriber on the topics yet', () => {
  let broker: Mosquitto;
  let gateway: TestGateway;
  let ws: WsDevice;
  let grpc: GrpcDevice;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    gateway = await TestGateway.start(broker.url, { auth: 'off' });
    ws = await WsDevice.connect(gateway.wsUrl);
    grpc = new GrpcDevice(gateway.grpcAddress);
  }, 60_000);
  afterAll(async () => {
    ws?.close();
    grpc?.close();
    await gateway?.stop();
    await broker?.dispose();
  }, 30_000);

  it('answers 503 / UNAVAILABLE / an unavailable frame, naming the topic nobody reads', async () => {
    const [t, p, h] = [temperature(), pressure(), heartRate()];

    const [rest, grpcError, frame] = await Promise.all([
      postTemperature(gateway.httpUrl, t),
      grpc.failure(p),
      ws.request(h),
    ]);

    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(rest.body).toEqual({
      status: 'error',
      error: 'unavailable',
      message: 'no subscriber for temperature: the MQTT broker dropped the reading; retry later',
    });
    expect(grpcError.code).toBe(status.UNAVAILABLE);
    expect(grpcError.details).toMatch(/^no subscriber for pressure/);
    expect(frame).toEqual({
      status: 'error',
      error: 'unavailable',
      message: textMatching(/^no subscriber for heartRate/),
      sensor_id: h.sensor_id,
      date: h.date,
    });
    expect(ws.isOpen).toBe(true);
  });

  it('accepts once a subscriber holds a session on the topics, also while it is away', async () => {
    const session = { clientId: `e2e-store-${process.pid}`, clean: false };
    const collector = await MqttCollector.start(broker.url, TOPICS, session);
    const [t, p, h] = [temperature(), pressure(), heartRate()];
    try {
      expect((await postTemperature(gateway.httpUrl, t)).status).toBe(200);
      await expect(grpc.sendPressure(p)).resolves.toEqual({});
      expect(await ws.request(h)).toMatchObject({ status: 'received', sensor_id: h.sensor_id });
      await collector.waitForCount(3);
    } finally {
      await collector.close();
    }

    // the subscriber is away but its session's subscriptions hold what arrives
    const late = temperature();
    expect((await postTemperature(gateway.httpUrl, late)).status).toBe(200);
    const back = await MqttCollector.start(broker.url, TOPICS, session);
    try {
      await back.waitForCount(1);
      expect(JSON.parse(back.messages[0].payload)).toMatchObject({ sensor_id: late.sensor_id });
    } finally {
      await back.close();
    }
  });
});
