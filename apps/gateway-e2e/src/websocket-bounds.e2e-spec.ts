import { waitFor, WsDevice } from '@healthcare/testing';
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
    const pid = gateway.app.pid!;
    const rssBefore = rssMb(pid);
    const socket = new WebSocket(gateway.wsUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.pause(); // reads nothing from now on

    // each answer lists every unknown field: far bigger than the frame that asks for it
    const fields = Array.from({ length: 1000 }, (_, i) => `"f${i}":0`).join(',');
    const frame = `{${fields}}`;
    const answersMb = (frame.length * 7) / 1e6;
    const frames = Math.ceil(128 / answersMb); // some 128 MB of answers
    for (let i = 0; i < frames && gateway.app.running; i++) {
      const sent = await new Promise<boolean>((resolve) =>
        socket.send(frame, (err) => resolve(!err)),
      );
      if (!sent) break;
    }
    if (!gateway.app.running) {
      throw new Error(`the gateway died under the flood:\n${gateway.output().slice(-500)}`);
    }
    // what the gateway still holds for this client, once it has read every frame
    await waitFor(() => gateway.health().then((s) => s === 200), {
      timeoutMs: 60_000,
      what: 'the gateway healthy',
    });
    const rssGrowth = rssMb(pid) - rssBefore;

    socket.resume();
    expect(await within(30_000, closed, 'the gateway did not close the connection')).toEqual({
      code: 1008,
      reason: `answers not read: more than ${WS_MAX_UNREAD_BYTES} bytes waiting`,
    });
    expect(rssGrowth).toBeLessThan(64);
    const device = await WsDevice.connect(gateway.wsUrl);
    try {
      expect(await device.request(heartRate())).toMatchObject({ status: 'received' });
    } finally {
      device.close();
    }
  }, 180_000);
});

function rssMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1]) / 1024;
}

/** What `promise` gives within `ms`, else `otherwise`. */
async function within<T>(ms: number, promise: Promise<T>, otherwise: string): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(resolve, ms, otherwise)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
