import { sensorEnv, startTestApp, waitFor, type ManagedProcess } from '@healthcare/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { World } from './world.js';

const GRACE_MS = 3000;

/**
 * compose's `devices` service rotates the sensors' tokens on every `up` and writes the new ones
 * to their DEVICE_TOKEN_FILE while the sensors go on running: they must send the new token
 * before the old one ends.
 */
describe('a sensor app with DEVICE_TOKEN_FILE', () => {
  let world: World;
  let sensor: ManagedProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'device-token-'));
  const file = join(dir, 'Temp_F');

  beforeAll(async () => {
    world = await World.start([['Temp_F', 'temperature']]);
  }, 120_000);
  afterAll(async () => {
    await sensor?.kill();
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const publishedSince = (at: number) =>
    world.collector.messages.filter(
      (m) => (JSON.parse(m.payload) as { date: string }).date >= new Date(at).toISOString(),
    ).length;

  it('sends the token rotated into the file, and its readings go on after the old one ended', async () => {
    writeFileSync(file, `${world.tokens.Temp_F}\n`);
    sensor = startTestApp('sensor-temperature', {
      ...sensorEnv(world.gateway.ports),
      SENSOR_ID: 'Temp_F',
      DEVICE_TOKEN_FILE: file,
      INTERVAL_MS: '200',
    });
    await waitFor(() => publishedSince(0) >= 2, {
      timeoutMs: 90_000,
      what: 'readings with the first token',
    });

    writeFileSync(file, `${await world.registry.rotate('Temp_F', GRACE_MS)}\n`);
    const oldEnded = Date.now() + GRACE_MS + 500;
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 500));
    await waitFor(() => publishedSince(oldEnded) >= 3, {
      what: 'readings after the old token ended',
    });
    expect(sensor.output()).toMatch(/the device's token changed/);
    expect(sensor.output()).not.toMatch(/rejected \(unauthenticated\)/);
  }, 150_000);
});
