import { status } from '@grpc/grpc-js';
import { GrpcDevice, Mosquitto, postTemperature, WsDevice } from '@healthcare/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservedGateway } from './support/gateway.js';
import { textMatching } from './support/matchers.js';
import { heartRate, pressure, sensorId, temperature } from './support/readings.js';

/** A sensor_id of the most characters allowed, unique within the run. */
const longId = (prefix: string) => sensorId(prefix).padEnd(50, 'x');

/**
 * A reading the broker would refuse is refused by the gateway itself, and one the broker did
 * refuse is never "received" (issue 10). Each case has a Mosquitto of its own, configured so.
 */
describe('readings the MQTT broker does not take', () => {
  describe('bigger than its message size limit', () => {
    // a reading with a short sensor_id fits, one with a 50-character id does not
    const LIMIT = 120;
    let broker: Mosquitto;
    let gateway: ObservedGateway;
    let ws: WsDevice;
    let grpc: GrpcDevice;

    beforeAll(async () => {
      broker = await Mosquitto.start({ extraConfig: [`message_size_limit ${LIMIT}`] });
      gateway = await ObservedGateway.startWithBroker({
        broker,
        env: { MQTT_MAX_MESSAGE_BYTES: String(LIMIT), PUBLISH_TIMEOUT_MS: '3000' },
      });
      ws = await WsDevice.connect(gateway.wsUrl);
      grpc = new GrpcDevice(gateway.grpcAddress);
    }, 60_000);
    afterAll(async () => {
      ws?.close();
      grpc?.close();
      await gateway?.stop();
      await broker?.dispose();
    }, 30_000);

    it('refuses them at once (413 / INVALID_ARGUMENT / too_large) and the readings sent with them are received', async () => {
      const big = {
        t: temperature({ sensor_id: longId('t') }),
        p: pressure({ sensor_id: longId('p') }),
        h: heartRate({ sensor_id: longId('h') }),
      };
      const fits = {
        t: temperature({ sensor_id: sensorId('t') }),
        p: pressure({ sensor_id: sensorId('p') }),
        h: heartRate({ sensor_id: sensorId('h') }),
      };

      const [restBig, grpcBig, wsBig, restFits, grpcFits, wsFits] = await Promise.all([
        postTemperature(gateway.httpUrl, big.t),
        grpc.failure(big.p),
        ws.request(big.h),
        postTemperature(gateway.httpUrl, fits.t),
        grpc.sendPressure(fits.p),
        ws.request(fits.h),
      ]);

      const tooLarge = textMatching(
        new RegExp(
          `^the reading is \\d+ bytes as published, more than the MQTT broker takes ` +
            `\\(MQTT_MAX_MESSAGE_BYTES ${LIMIT}\\)$`,
        ),
      );
      expect(restBig).toMatchObject({
        status: 413,
        body: { status: 'error', error: 'too_large', message: tooLarge },
      });
      expect(grpcBig.code).toBe(status.INVALID_ARGUMENT);
      expect(grpcBig.details).toEqual(tooLarge);
      expect(wsBig).toEqual({
        status: 'error',
        error: 'too_large',
        message: tooLarge,
        sensor_id: big.h.sensor_id,
        date: big.h.date,
      });
      expect(restFits).toMatchObject({ status: 200, body: { status: 'received' } });
      expect(grpcFits).toEqual({});
      expect(wsFits).toMatchObject({ status: 'received', sensor_id: fits.h.sensor_id });

      for (const reading of Object.values(fits)) await gateway.published(reading.sensor_id);
      expect(gateway.sensorIds()).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/x{10}$/)]),
      );
      // the connection stayed up: the broker never saw a message it would refuse
      expect(gateway.output()).not.toMatch(/lost the MQTT broker|MQTT client:/);
    });
  });

  describe('refused in its PUBACK (not authorized)', () => {
    let dir: string;
    let broker: Mosquitto;
    let gateway: ObservedGateway;
    let ws: WsDevice;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'acl-'));
      // anyone may read; only temperature and pressure may be published
      const acl = join(dir, 'acl');
      writeFileSync(acl, 'topic read #\ntopic write temperature\ntopic write pressure\n');
      broker = await Mosquitto.start({ extraConfig: [`acl_file ${acl}`] });
      gateway = await ObservedGateway.startWithBroker({ broker });
      ws = await WsDevice.connect(gateway.wsUrl);
    }, 60_000);
    afterAll(async () => {
      ws?.close();
      await gateway?.stop();
      await broker?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('answers unavailable, naming the reason, says so once in its log, and publishes the others', async () => {
      const refused = [heartRate(), heartRate()];
      const taken = temperature();

      const frames = [await ws.request(refused[0]), await ws.request(refused[1])];
      const rest = await postTemperature(gateway.httpUrl, taken);

      for (const [i, frame] of frames.entries()) {
        expect(frame).toEqual({
          status: 'error',
          error: 'unavailable',
          message:
            'the MQTT broker refused the reading on heartRate: Publish error: Not authorized ' +
            '(reason code 135); retry later',
          sensor_id: refused[i]?.sensor_id,
          date: refused[i]?.date,
        });
      }
      expect(rest).toMatchObject({ status: 200, body: { status: 'received' } });
      await gateway.published(taken.sensor_id);
      expect(gateway.sensorIds()).not.toContain(refused[0]?.sensor_id);
      const warning =
        'the MQTT broker refused the reading on heartRate: Publish error: Not authorized ' +
        '(reason code 135): refusing its readings until it takes one';
      expect(gateway.output().split(warning)).toHaveLength(2); // said once
    });
  });
});
