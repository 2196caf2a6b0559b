import { WsDevice } from '@healthcare/testing';
import { ObservedGateway } from './support/gateway.js';
import { heartRate } from './support/readings.js';

const WS_MAX_IN_FLIGHT = 3;
const WS_MAX_UNREAD_BYTES = 256 * 1024;
const PUBLISH_TIMEOUT_MS = 3000;

/** What one WebSocket may make the gateway hold: bounded, with a defined answer (issue 10, point 4). */
describe('WebSocket: bounds per connection', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker({
      env: {
        WS_MAX_IN_FLIGHT: String(WS_MAX_IN_FLIGHT),
        WS_MAX_UNREAD_BYTES: String(WS_MAX_UNREAD_BYTES),
        PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      },
    });
  }, 60_000);
  afterAll(async () => {
    gateway?.broker.resume();
    await gateway?.stop();
  }, 30_000);

  it('answers readings past WS_MAX_IN_FLIGHT at once with unavailable, naming them', async () => {
    const device = await WsDevice.connect(gateway.wsUrl);
    const readings = Array.from({ length: WS_MAX_IN_FLIGHT + 2 }, () => heartRate());
    gateway.broker.pause();
    try {
      for (const reading of readings) device.send(reading);

      const first = [await device.next(), await device.next()];

      // the two past the bound come back first, long before the publish timeout of the others
      expect(first).toEqual(
        readings.slice(WS_MAX_IN_FLIGHT).map((r) => ({
          status: 'error',
          error: 'unavailable',
          message: `${WS_MAX_IN_FLIGHT} readings of this connection are waiting for the MQTT broker; wait for their answers`,
          sensor_id: r.sensor_id,
          date: r.date,
        })),
      );
      for (let i = 0; i < WS_MAX_IN_FLIGHT; i++) {
        expect(await device.next(PUBLISH_TIMEOUT_MS + 10_000)).toMatchObject({
          status: 'error',
          error: 'unavailable',
          message: `no acknowledgement from the MQTT broker within ${PUBLISH_TIMEOUT_MS} ms`,
        });
      }
    } finally {
      gateway.broker.resume();
      device.close();
    }
  });
});
