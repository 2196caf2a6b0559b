import { status } from '@grpc/grpc-js';
import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  postTemperature,
  WsDevice,
} from '@healthcare/testing';
import { textMatching } from './support/matchers.js';
import { ObservedGateway } from './support/gateway.js';
import { heartRate, pressure, temperature } from './support/readings.js';

const PUBLISH_TIMEOUT_MS = 1000;
/** Room for a busy machine on top of the timeout; a hanging request would take far longer. */
const MARGIN_MS = 2500;

describe('broker unreachable', () => {
  let broker: Mosquitto;
  let gateway: ObservedGateway;
  let ws: WsDevice;
  let grpc: GrpcDevice;

  beforeAll(async () => {
    broker = await Mosquitto.start();
    gateway = await ObservedGateway.startWithBroker({
      broker,
      env: { PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS) },
    });
    ws = await WsDevice.connect(gateway.wsUrl);
    grpc = new GrpcDevice(gateway.grpcAddress);
  }, 60_000);
  afterAll(async () => {
    broker?.resume();
    ws?.close();
    grpc?.close();
    await gateway?.stop();
    await broker?.dispose();
  }, 30_000);

  /** One reading per protocol at once; each answer with the time it took. */
  async function sendOnEveryProtocol() {
    const timed = async <T>(work: () => Promise<T>) => {
      const started = Date.now();
      const result = await work();
      return { result, ms: Date.now() - started };
    };
    const [rest, grpcCall, frame] = await Promise.all([
      timed(() => postTemperature(gateway.httpUrl, temperature())),
      timed(() => grpc.failure(pressure())),
      timed(() => ws.request(heartRate())),
    ]);
    return { rest, grpc: grpcCall, ws: frame };
  }

  it('answers 503 / UNAVAILABLE / an error frame within PUBLISH_TIMEOUT_MS when the broker hangs', async () => {
    expect(await gateway.health()).toBe(200);
    broker.pause(); // connections stay open, no PUBACK comes back
    try {
      const answers = await sendOnEveryProtocol();

      expect(answers.rest.result.status).toBe(503);
      expect(answers.rest.result.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answers.rest.result.body).toEqual({
        status: 'error',
        error: 'unavailable',
        message: `no acknowledgement from the MQTT broker within ${PUBLISH_TIMEOUT_MS} ms`,
      });
      expect(answers.grpc.result.code).toBe(status.UNAVAILABLE);
      expect(answers.grpc.result.details).toMatch(/no acknowledgement from the MQTT broker/);
      expect(answers.ws.result).toMatchObject({ status: 'error', error: 'unavailable' });
      for (const { ms } of [answers.rest, answers.grpc, answers.ws]) {
        expect(ms).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS - 50);
        expect(ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);
      }
    } finally {
      broker.resume();
    }
  });

  /** The gateway's output up to the outage of the next two tests. */
  let beforeOutage = 0;

  it('answers at once while the broker is down, says so on /health, and the socket stays open', async () => {
    beforeOutage = gateway.output().length;
    await broker.stop();
    await gateway.waitForHealth(503);

    const answers = await sendOnEveryProtocol();

    expect(answers.rest.result.status).toBe(503);
    expect(Number(answers.rest.result.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers.rest.result.body).toMatchObject({ status: 'error', error: 'unavailable' });
    expect(answers.grpc.result.code).toBe(status.UNAVAILABLE);
    expect(answers.ws.result).toMatchObject({
      status: 'error',
      error: 'unavailable',
      message: textMatching(/broker/),
    });
    for (const { ms } of [answers.rest, answers.grpc, answers.ws]) {
      expect(ms).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);
    }
    expect(ws.isOpen).toBe(true);
    const res = await fetch(`${gateway.httpUrl}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'error',
      details: { mqtt: { status: 'down' } },
    });
  });

  it('reconnects by itself when the broker is back and publishes again on every protocol', async () => {
    await broker.start();
    await gateway.waitForHealth(200);
    // the outage, as the log tells it: one line when it began, one when it ended
    const log = gateway.output().slice(beforeOutage);
    expect(log.match(/lost the MQTT broker/g)).toHaveLength(1);
    expect(log.match(/connected to (the )?MQTT broker/gi)).toHaveLength(1);
    // a subscriber of our own, connected after the restart, sees what is published from now on
    const collector = await MqttCollector.start(broker.url, ['#']);
    try {
      const [t, p, h] = [temperature(), pressure(), heartRate()];

      expect((await postTemperature(gateway.httpUrl, t)).status).toBe(200);
      await expect(grpc.sendPressure(p)).resolves.toEqual({});
      expect(await ws.request(h)).toEqual({
        status: 'received',
        sensor_id: h.sensor_id,
        date: h.date,
      });

      await collector.waitForCount(3);
      expect(
        collector.messages.map((m) => [m.topic, m.qos, JSON.parse(m.payload) as unknown]),
      ).toEqual([
        ['temperature', 1, expect.objectContaining({ sensor_id: t.sensor_id })],
        ['pressure', 1, expect.objectContaining({ sensor_id: p.sensor_id })],
        ['heartRate', 1, expect.objectContaining({ sensor_id: h.sensor_id })],
      ]);
    } finally {
      await collector.close();
    }
  });
});
