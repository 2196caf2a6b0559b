import { refusedUpgrade, waitFor, WsDevice } from '@healthcare/testing';
import { reading } from './support.js';
import { World } from './world.js';

/** WS_MAX_CONNECTIONS_PER_DEVICE: one token cannot hold more WebSockets than that. */
describe('WebSockets per device', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start(
      [
        ['Heart_A', 'heartRate'],
        ['Heart_B', 'heartRate'],
      ],
      { WS_MAX_CONNECTIONS_PER_DEVICE: '2' },
    );
  }, 120_000);
  afterAll(() => world?.stop(), 60_000);

  it('refuses a device its next WebSocket past the cap with 429, takes other devices, and takes it again once one closes', async () => {
    const { tokens } = world;
    const first = await WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_A });
    const second = await WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_A });
    const other = await WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_B });
    try {
      expect(await refusedUpgrade(world.gateway.wsUrl, { token: tokens.Heart_A })).toMatchObject({
        status: 429,
        body: 'too many WebSockets of this device',
      });
      expect(await other.request(reading('heartRate', 'Heart_B'))).toMatchObject({
        status: 'received',
      });
      first.close();
      await first.closed;
      // the gateway counts the socket out when it sees it close, a moment after the client
      const again = await waitFor(
        () =>
          WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_A }).catch(() => undefined),
        { timeoutMs: 10_000, what: "Heart_A's WebSocket taken again" },
      );
      try {
        expect(await again.request(reading('heartRate', 'Heart_A'))).toMatchObject({
          status: 'received',
        });
      } finally {
        again.close();
      }
    } finally {
      first.close();
      second.close();
      other.close();
    }
  });
});
