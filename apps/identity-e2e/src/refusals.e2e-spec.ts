import { status } from '@grpc/grpc-js';
import {
  GrpcDevice,
  postTemperature,
  refusedUpgrade,
  waitFor,
  WsDevice,
} from '@healthcare/testing';
import { reading } from './support.js';
import { World, type Tokens } from './world.js';

const UNKNOWN = 'hiot_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** Long enough for the first request after a rotation on a loaded machine. */
const GRACE_MS = 8000;

/**
 * Every refusal of device authentication on the three protocols, and that nothing refused is
 * published: each test ends with a good reading of a registered device on the same protocol,
 * waits for it on the broker, and then finds it the only message published.
 */
describe('device authentication', () => {
  let world: World;
  let tokens: Tokens;

  beforeAll(async () => {
    world = await World.start([
      ['Temp_A', 'temperature'],
      ['Temp_B', 'temperature'],
      ['Heart_A', 'heartRate'],
      ['Heart_B', 'heartRate'],
      ['Press_A', 'pressure'],
      ['Press_B', 'pressure'],
      ['Temp_R', 'temperature'],
      ['Heart_R', 'heartRate'],
      ['Press_R', 'pressure'],
    ]);
    tokens = world.tokens;
  }, 120_000);
  afterAll(() => world?.stop(), 60_000);
  beforeEach(() => world.collector.clear());

  const post = (body: unknown, token?: string) =>
    postTemperature(world.gateway.httpUrl, body, 10_000, token);

  describe('REST', () => {
    it('answers 401 with a Bearer challenge without a token or with an unknown one', async () => {
      const none = await post(reading('temperature', 'Temp_A'));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(none.body).toMatchObject({ status: 'error', error: 'unauthenticated' });

      const unknown = await post(reading('temperature', 'Temp_A'), UNKNOWN);
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');

      const notAToken = await post(reading('temperature', 'Temp_A'), 'letmein');
      expect(notAToken.status).toBe(401);

      await world.sentinel('temperature', 'Temp_A', tokens.Temp_A);
      expect(world.published()).toEqual(['Temp_A']);
    });

    it("answers 403 to a reading of another device's sensor_id and to a device of another kind", async () => {
      const other = await post(reading('temperature', 'Temp_B'), tokens.Temp_A);
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ error: 'forbidden' });
      expect(JSON.stringify(other.body)).toContain('Temp_A');

      const kind = await post(reading('temperature', 'Heart_A'), tokens.Heart_A);
      expect(kind.status).toBe(403);
      expect(kind.body).toMatchObject({
        error: 'forbidden',
        message: 'device Heart_A may send heartRate readings, not temperature',
      });

      await world.sentinel('temperature', 'Temp_A', tokens.Temp_A);
      expect(world.published()).toEqual(['Temp_A']);
    });
  });

  describe('WebSocket', () => {
    it('refuses the upgrade with HTTP 401 without a token or with an unknown one', async () => {
      const none = await refusedUpgrade(world.gateway.wsUrl);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.body).toMatchObject({ error: 'unauthenticated' });

      const unknown = await refusedUpgrade(world.gateway.wsUrl, { token: UNKNOWN });
      expect(unknown.status).toBe(401);
      expect(unknown.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });

    it('refuses the upgrade with HTTP 403 for a device of another kind', async () => {
      const kind = await refusedUpgrade(world.gateway.wsUrl, { token: tokens.Temp_A });
      expect(kind.status).toBe(403);
      expect(kind.body).toMatchObject({ error: 'forbidden' });
    });

    it("answers a frame of another device's sensor_id with a forbidden frame and keeps the socket open", async () => {
      const device = await WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_A });
      try {
        const forged = reading('heartRate', 'Heart_B');
        expect(await device.request(forged)).toMatchObject({
          status: 'error',
          error: 'forbidden',
          sensor_id: 'Heart_B',
          date: forged.date,
        });
        expect(device.isOpen).toBe(true);
        const own = reading('heartRate', 'Heart_A');
        expect(await device.request(own)).toMatchObject({
          status: 'received',
          sensor_id: 'Heart_A',
        });
      } finally {
        device.close();
      }
      await waitFor(() => world.published().length === 1, { what: "Heart_A's reading published" });
      expect(world.published()).toEqual(['Heart_A']);
    });

    it('closes the open socket of a device that is disabled, and refuses it until enabled', async () => {
      const device = await WsDevice.connect(world.gateway.wsUrl, { token: tokens.Heart_B });
      try {
        expect(await device.request(reading('heartRate', 'Heart_B'))).toMatchObject({
          status: 'received',
        });
        await world.registry.disable('Heart_B');
        const closed = await device.closed;
        expect(closed).toEqual({ code: 1008, reason: 'device Heart_B is disabled' });
      } finally {
        device.close();
      }
      expect(await refusedUpgrade(world.gateway.wsUrl, { token: tokens.Heart_B })).toMatchObject({
        status: 403,
        body: { error: 'forbidden', message: 'device Heart_B is disabled' },
      });
      expect((await post(reading('temperature', 'Temp_B'), tokens.Temp_B)).status).toBe(200);

      await world.registry.enable('Heart_B');
      await waitFor(
        async () => {
          await world.accepted('heartRate', reading('heartRate', 'Heart_B'), tokens.Heart_B);
          return true;
        },
        { timeoutMs: 15_000, what: 'Heart_B accepted again once enabled' },
      );
    });
  });

  describe('gRPC', () => {
    const failure = (token: string | undefined, sent: Record<string, unknown>) => {
      const device = new GrpcDevice(world.gateway.grpcAddress, token);
      return device.failure(sent).finally(() => device.close());
    };

    it('answers UNAUTHENTICATED without a token or with an unknown one', async () => {
      expect(await failure(undefined, reading('pressure', 'Press_A'))).toMatchObject({
        code: status.UNAUTHENTICATED,
      });
      expect(await failure(UNKNOWN, reading('pressure', 'Press_A'))).toMatchObject({
        code: status.UNAUTHENTICATED,
        details: 'unknown device token',
      });
      await world.sentinel('pressure', 'Press_A', tokens.Press_A);
      expect(world.published()).toEqual(['Press_A']);
    });

    it("answers PERMISSION_DENIED to another device's sensor_id, another kind and a disabled device", async () => {
      expect(await failure(tokens.Press_A, reading('pressure', 'Press_B'))).toMatchObject({
        code: status.PERMISSION_DENIED,
      });
      expect(await failure(tokens.Temp_A, reading('pressure', 'Temp_A'))).toMatchObject({
        code: status.PERMISSION_DENIED,
      });
      await world.registry.disable('Press_B');
      // probed with an invalid reading: refused either way (INVALID_ARGUMENT until the gateway
      // hears of the disable), so no probe is published while the change travels
      const invalid = { ...reading('pressure', 'Press_B'), unit: 'kPa' };
      await waitFor(
        async () => (await failure(tokens.Press_B, invalid)).code === status.PERMISSION_DENIED,
        { timeoutMs: 15_000, what: 'Press_B refused once disabled' },
      );
      expect(await failure(tokens.Press_B, reading('pressure', 'Press_B'))).toMatchObject({
        code: status.PERMISSION_DENIED,
      });
      await world.sentinel('pressure', 'Press_A', tokens.Press_A);
      expect(world.published()).toEqual(['Press_A']);
    });
  });

  describe('rotation', () => {
    it.each([
      ['temperature', 'Temp_R'],
      ['heartRate', 'Heart_R'],
      ['pressure', 'Press_R'],
    ] as const)(
      '%s: the old token works during the grace period, the new one after it, the old one no more',
      async (kind, id) => {
        const old = tokens[id];
        const fresh = await world.registry.rotate(id, GRACE_MS);
        // within the grace period the old token works, whichever view the gateway has read
        await world.accepted(kind, reading(kind, id), old);
        await waitFor(
          async () => {
            await world.accepted(kind, reading(kind, id), fresh);
            return true;
          },
          { timeoutMs: 15_000, what: 'the new token accepted' },
        );
        await waitFor(() => refused(kind, id, old), {
          timeoutMs: 20_000,
          what: 'the old token refused after the grace period',
        });
        // waited for on the broker: the readings accepted above all arrive before it, not after
        // the clear, where they would count as published by what follows
        await world.sentinel(kind, id, fresh);
        world.collector.clear();
        expect(await refused(kind, id, old)).toBe(true);
        await world.sentinel(kind, id, fresh);
        expect(world.published()).toEqual([id]);
      },
    );

    /** Whether the old token is refused as unauthenticated on the protocol of the kind. */
    async function refused(
      kind: 'temperature' | 'heartRate' | 'pressure',
      id: string,
      token: string,
    ): Promise<boolean> {
      switch (kind) {
        case 'temperature':
          return (await post(reading(kind, id), token)).status === 401;
        case 'heartRate':
          return refusedUpgrade(world.gateway.wsUrl, { token }).then(
            (refusal) => refusal.status === 401,
            () => false,
          );
        case 'pressure':
          return failure(token, reading(kind, id)).then(
            (err) => err.code === status.UNAUTHENTICATED,
            () => false,
          );
      }
    }

    const failure = (token: string, sent: Record<string, unknown>) => {
      const device = new GrpcDevice(world.gateway.grpcAddress, token);
      return device.failure(sent).finally(() => device.close());
    };
  });
});
