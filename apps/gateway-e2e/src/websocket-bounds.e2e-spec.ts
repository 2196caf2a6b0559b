import { WsDevice } from '@healthcare/testing';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
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

  it('closes a connection whose client sends without reading the answers (1008), and stays healthy', async () => {
    const socket = new WebSocket(gateway.wsUrl);
    await once(socket, 'open');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    // an invalid reading whose error frame names it: each answer is about as big as its frame
    const frame = JSON.stringify({ ...heartRate(), sensor_id: 'x'.repeat(15 * 1024) });
    socket.send(frame);
    const [first] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(first.toString())).toMatchObject({ error: 'invalid_reading' });

    socket.pause(); // reads nothing from now on
    // the kernel's buffers on both ends take their share first, then the gateway holds the rest
    const enough = 2 * (kernelSocketBuffers() + WS_MAX_UNREAD_BYTES);
    const limit = Math.ceil(enough / first.length);
    const said = /closed a WebSocket whose client does not read its answers: (\d+) bytes waiting/;
    let sent = 0;
    while (!said.test(gateway.output())) {
      if (sent === limit) {
        // its answers to the last frames may still be on their way
        await gateway.app.waitForOutput(said, 10_000).catch(() => {
          throw new Error(
            `still open after ${sent} frames, ${sent * first.length} bytes of answers`,
          );
        });
        break;
      }
      await new Promise<void>((resolve, reject) =>
        socket.send(frame, (err) => (err ? reject(err) : resolve())),
      );
      sent++;
    }
    expect(Number(said.exec(gateway.output())?.[1])).toBeGreaterThan(WS_MAX_UNREAD_BYTES);

    socket.resume(); // the answers it left, then the close
    expect(await closed).toEqual({
      code: 1008,
      reason: `answers not read: more than ${WS_MAX_UNREAD_BYTES} bytes waiting`,
    });
    expect(await gateway.health()).toBe(200);
    const device = await WsDevice.connect(gateway.wsUrl);
    try {
      expect(await device.request(heartRate())).toMatchObject({ status: 'received' });
    } finally {
      device.close();
    }
  }, 180_000);
});

/** The most the kernel buffers for one TCP connection, sending and receiving (Linux). */
function kernelSocketBuffers(): number {
  const max = (name: string) =>
    Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim().split(/\s+/)[2]);
  return max('tcp_wmem') + max('tcp_rmem');
}
