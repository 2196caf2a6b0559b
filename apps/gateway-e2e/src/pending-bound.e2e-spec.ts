import { status } from '@grpc/grpc-js';
import { GrpcDevice, postTemperature, waitFor, WsDevice } from '@healthcare/testing';
import { ObservedGateway } from './support/gateway.js';
import { heartRate, pressure, temperature } from './support/readings.js';

const MAX_PENDING_PUBLISHES = 4;
const PUBLISH_TIMEOUT_MS = 3000;
const OVERLOADED = `${MAX_PENDING_PUBLISHES} readings are waiting for the MQTT broker; retry later`;

/**
 * Publishes the broker has not acknowledged wait in mqtt.js (in flight and queued); past
 * MAX_PENDING_PUBLISHES the gateway refuses at once instead of queueing more (issue 10, point 4).
 */
describe('readings waiting for the broker are bounded', () => {
  let gateway: ObservedGateway;
  let ws: WsDevice;
  let grpc: GrpcDevice;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker({
      env: {
        MAX_PENDING_PUBLISHES: String(MAX_PENDING_PUBLISHES),
        PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      },
    });
    ws = await WsDevice.connect(gateway.wsUrl);
    grpc = new GrpcDevice(gateway.grpcAddress);
  }, 60_000);
  afterAll(async () => {
    gateway?.broker.resume();
    ws?.close();
    grpc?.close();
    await gateway?.stop();
  }, 30_000);

  it('past the bound answers 503 / RESOURCE_EXHAUSTED / unavailable at once, until the broker acknowledges', async () => {
    const { broker } = gateway;
    broker.pause(); // connections stay open, no PUBACK comes back
    try {
      const before = broker.unreadBytes();
      let waitingAnswered = false;
      const waiting = Promise.all(
        Array.from({ length: MAX_PENDING_PUBLISHES }, () =>
          postTemperature(gateway.httpUrl, temperature(), 30_000),
        ),
      ).finally(() => (waitingAnswered = true));
      await waitFor(() => broker.unreadBytes() - before >= MAX_PENDING_PUBLISHES * 80, {
        what: `${MAX_PENDING_PUBLISHES} publishes waiting at the paused broker`,
      });

      const [rest, grpcError, frame] = await Promise.all([
        postTemperature(gateway.httpUrl, temperature()),
        grpc.failure(pressure()),
        ws.request(heartRate()),
      ]);

      // answered without waiting for the publish timeout of those ahead of them
      expect(waitingAnswered).toBe(false);
      expect(rest.status).toBe(503);
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(rest.body).toEqual({ status: 'error', error: 'unavailable', message: OVERLOADED });
      expect(grpcError.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(grpcError.details).toBe(OVERLOADED);
      expect(frame).toMatchObject({ status: 'error', error: 'unavailable', message: OVERLOADED });

      // timed out for their devices, but still held by the client until the broker answers
      const timedOut = await waiting;
      expect(timedOut.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
      const again = await postTemperature(gateway.httpUrl, temperature());
      expect(again.body).toEqual({ status: 'error', error: 'unavailable', message: OVERLOADED });
    } finally {
      broker.resume();
    }

    // the late PUBACKs make room again
    const reading = temperature();
    await waitFor(async () => (await postTemperature(gateway.httpUrl, reading)).status === 200, {
      what: 'a reading accepted once the broker is back',
    });
    await gateway.published(reading.sensor_id);
  });
});
