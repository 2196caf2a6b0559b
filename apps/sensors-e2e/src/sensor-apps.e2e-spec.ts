import type { ReadingKind } from '@healthcare/contracts';
import { deviceIds, SIMULATED } from '@healthcare/sensors';
import {
  startTestApp,
  type ManagedProcess,
  Mosquitto,
  MqttCollector,
  readingKey,
  sensorEnv,
  TestGateway,
  waitFor,
  type GatewayPorts,
} from '@healthcare/testing';
import { publishedReadings, TOPICS } from './support/readings.js';
import { GATEWAY_ENV } from './support/gateway-env.js';

const SENSORS: { app: string; kind: ReadingKind; firstId: string; devices: number }[] = [
  { app: 'sensor-temperature', kind: 'temperature', firstId: 'Temp_001', devices: 3 },
  { app: 'sensor-pressure', kind: 'pressure', firstId: 'Press_001', devices: 2 },
  { app: 'sensor-heartrate', kind: 'heartRate', firstId: 'Heart_001', devices: 1 },
];

describe('sensor apps', () => {
  let broker: Mosquitto;
  let collector: MqttCollector;
  let ports: GatewayPorts;
  let gateway: TestGateway | undefined;
  let sensors: ManagedProcess[] = [];

  beforeAll(async () => {
    broker = await Mosquitto.start();
    collector = await MqttCollector.start(broker.url, Object.values(TOPICS));
    ports = await TestGateway.freePorts();
  });

  afterAll(async () => {
    await Promise.all(sensors.map((s) => s.kill()));
    await gateway?.stop();
    await collector?.close();
    await broker?.dispose();
  });

  it('started before the gateway, they retry, then deliver valid readings on their topics; SIGTERM stops them with exit 0', async () => {
    const startedAt = Date.now();
    sensors = SENSORS.map(({ app, devices }) =>
      startTestApp(app, { ...sensorEnv(ports), INTERVAL_MS: '300', DEVICES: String(devices) }),
    );
    // nothing listens yet: each app says so and keeps trying
    await Promise.all(
      sensors.map((s) =>
        s.waitForOutput(
          /waiting for the gateway \(.*ECONNREFUSED.*\); retrying with backoff/,
          30_000,
        ),
      ),
    );
    gateway = await TestGateway.start(broker.url, { auth: 'off', env: GATEWAY_ENV, ports });

    for (const { kind, firstId, devices } of SENSORS) {
      const ids = deviceIds(firstId, devices);
      await waitFor(
        () => {
          const readings = publishedReadings(collector, kind);
          return ids.every((id) => readings.filter((r) => r.sensor_id === id).length >= 2);
        },
        { timeoutMs: 20_000, what: `2 ${kind} readings from each of ${ids.join(', ')}` },
      );
    }
    const codes = await Promise.all(sensors.map((s) => s.stop('SIGTERM')));
    expect(codes).toEqual([0, 0, 0]);

    for (const { kind, firstId, devices } of SENSORS) {
      const readings = publishedReadings(collector, kind);
      expect(new Set(readings.map((r) => r.sensor_id))).toEqual(
        new Set(deviceIds(firstId, devices)),
      );
      expect(new Set(readings.map(readingKey)).size).toBe(readings.length);
      for (const r of readings) {
        const at = Date.parse(r.date);
        expect(at).toBeGreaterThanOrEqual(startedAt);
        expect(at).toBeLessThanOrEqual(Date.now());
      }
    }
    for (const r of publishedReadings(collector, 'temperature')) {
      expect(r.value).toBeGreaterThanOrEqual(SIMULATED.temperature.min);
      expect(r.value).toBeLessThanOrEqual(SIMULATED.temperature.max);
    }
    for (const r of publishedReadings(collector, 'pressure')) {
      expect(r.systolic).toBeGreaterThanOrEqual(SIMULATED.pressure.systolic.min);
      expect(r.systolic).toBeLessThanOrEqual(SIMULATED.pressure.systolic.max);
      expect(r.diastolic).toBeGreaterThanOrEqual(SIMULATED.pressure.diastolic.min);
      expect(r.diastolic).toBeLessThanOrEqual(SIMULATED.pressure.diastolic.max);
    }
    for (const r of publishedReadings(collector, 'heartRate')) {
      expect(Number.isInteger(r.value)).toBe(true);
      expect(r.value).toBeGreaterThanOrEqual(SIMULATED.heartRate.min);
      expect(r.value).toBeLessThanOrEqual(SIMULATED.heartRate.max);
    }

    const [temperature, pressure, heartRate] = sensors.map((s) => s.output());
    // per-reading lines only at debug level, however many devices
    expect(heartRate).toMatch(/1 heartRate device\(s\) Heart_001/);
    expect(heartRate).not.toMatch(/sent Heart_/);
    expect(temperature).toMatch(/3 temperature device\(s\) Temp_001\.\.Temp_003/);
    expect(temperature).not.toMatch(/sent Temp_/);
    expect(pressure).toMatch(/2 pressure device\(s\) Press_001\.\.Press_002/);
    for (const output of [temperature, pressure, heartRate]) {
      expect(output).toMatch(/stopped: \d+ reading\(s\) received by the gateway, 0 rejected/);
    }
  });

  it('a bad setting stops the app at start with a message naming it, exit 1', async () => {
    const sensor = startTestApp('sensor-heartrate', { DEVICES: '0', INTERVAL_MS: 'soon' });
    expect(await sensor.exited).toBe(1);
    expect(sensor.output()).toMatch(/sensor-heartrate: Invalid configuration/);
    expect(sensor.output()).toMatch(/INTERVAL_MS: .*\(got "soon"\)/);
    expect(sensor.output()).toMatch(/DEVICES: .*\(got "0"\)/);
  });
});
