import { postTemperature, TestRegistry, waitFor } from '@healthcare/testing';
import { reading } from './support.js';
import { World } from './world.js';

/** The gateway needs no database on the path of a reading: it serves from its cached registry. */
describe('device registry outage', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start([
      ['Temp_O', 'temperature'],
      ['Heart_O', 'heartRate'],
      ['Press_O', 'pressure'],
    ]);
  }, 120_000);
  afterAll(() => world?.stop(), 60_000);

  it('takes the readings of registered devices and refuses others while PostgreSQL is stopped, and follows the registry again once it is back', async () => {
    const { tokens } = world;
    await world.registry.close();
    await world.postgres.stop();
    await waitFor(() => /cannot read the device registry/.test(world.gateway.output()), {
      timeoutMs: 20_000,
      what: 'the gateway to notice the registry is away',
    });

    world.collector.clear();
    await world.accepted('temperature', reading('temperature', 'Temp_O'), tokens.Temp_O);
    await world.accepted('heartRate', reading('heartRate', 'Heart_O'), tokens.Heart_O);
    await world.accepted('pressure', reading('pressure', 'Press_O'), tokens.Press_O);
    const refused = await postTemperature(
      world.gateway.httpUrl,
      reading('temperature', 'Temp_O'),
      10_000,
      'hiot_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    );
    expect(refused.status).toBe(401);
    await waitFor(() => world.collector.messages.length >= 3, { what: 'three readings published' });
    expect(world.collector.messages.map((m) => m.topic).sort()).toEqual([
      'heartRate',
      'pressure',
      'temperature',
    ]);

    await world.postgres.start();
    const registry = await TestRegistry.open(world.registry.databaseUrl);
    try {
      const token = await registry.add('Temp_New', 'temperature');
      await waitFor(
        async () => {
          await world.accepted('temperature', reading('temperature', 'Temp_New'), token);
          return true;
        },
        { timeoutMs: 30_000, what: 'a device added after the outage accepted' },
      );
    } finally {
      await registry.close();
    }
    expect(world.gateway.output()).toMatch(/device registry reachable again/);
  });
});
