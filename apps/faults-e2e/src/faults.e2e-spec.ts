import {
  DeviceStream,
  Mosquitto,
  query,
  sleep,
  TestGateway,
  TestPostgres,
  TestSubscriber,
  waitFor,
  type SentReading,
} from '@healthcare/testing';
import { checkStored } from './support/check.js';
import { BROKER_CRASH_WINDOW_MS } from './support/loss-window.js';
import { countsTable } from './support/table.js';

/** A fault and the restart that heals it. */
interface Fault {
  name: string;
  run(): Promise<void>;
}

/**
 * kill -9 of each process of the pipeline, one at a time and then overlapping, under a stream of
 * readings over REST, WebSocket and gRPC from devices that resend what got no answer: every
 * reading a device was told "received" must be one row. The only loss allowed is the broker's
 * stated window (README, "The broker's part"): readings answered just before a Mosquitto crash.
 */
describe('faults: kill -9 and restart under a stream of readings', () => {
  let postgres: TestPostgres | undefined;
  let broker: Mosquitto | undefined;
  let subscriber: TestSubscriber | undefined;
  let gateway: TestGateway | undefined;
  let stream: DeviceStream | undefined;

  afterAll(async () => {
    await stream?.stop(0);
    await gateway?.stop();
    await subscriber?.app.stop();
    await broker?.dispose();
    await postgres?.dispose();
  });

  it('stores every reading a device was told "received", once', async () => {
    const started = Date.now();
    postgres = await TestPostgres.start();
    const databaseUrl = postgres.url('healthcare');
    broker = await Mosquitto.start();
    // subscribed before the gateway publishes: its persistent session then takes every reading
    subscriber = await TestSubscriber.start({
      MQTT_URL: broker.url,
      DATABASE_URL: databaseUrl,
      MQTT_CLIENT_ID: 'subscriber-faults',
      // batches that stay open a while, so that a kill finds readings received and not committed
      FLUSH_MS: '1000',
    });
    gateway = await TestGateway.start(broker.url, {
      auth: 'off',
      env: { SHUTDOWN_TIMEOUT_MS: '2000', PUBLISH_TIMEOUT_MS: '2000' },
    });
    stream = DeviceStream.start(gateway, {
      devices: 3,
      intervalMs: 50,
      client: { backoff: { initialMs: 100, maxMs: 1000 }, timeoutMs: 4000 },
    });
    const [pg, mqtt, sub, gw, devices] = [postgres, broker, subscriber, gateway, stream];

    /** When each kill happened, and of which fault: a lost reading is blamed on the next one. */
    const kills: { at: number; fault: string; broker: boolean }[] = [];
    const crash = async (kill: () => Promise<unknown>, broker = false) => {
      const at = Date.now();
      await kill();
      kills.push({ at, fault: devices.phase, broker });
    };
    const faults: Fault[] = [
      {
        name: 'subscriber',
        run: async () => {
          await crash(() => sub.app.kill());
          await sub.restart('SIGKILL');
        },
      },
      {
        name: 'gateway',
        run: async () => {
          await crash(() => gw.app.kill());
          await gw.restart('SIGKILL');
        },
      },
      {
        name: 'broker',
        run: async () => {
          await crash(() => mqtt.kill(), true);
          await sleep(1000);
          await mqtt.start();
        },
      },
      {
        name: 'postgres',
        run: async () => {
          await crash(() => pg.kill());
          await sleep(1000);
          await pg.start();
        },
      },
      {
        // the subscriber falls behind, then the broker dies with the backlog
        name: 'subscriber + broker',
        run: async () => {
          await crash(() => sub.app.kill());
          await sleep(1000);
          await crash(() => mqtt.kill(), true);
          await mqtt.start();
          await sub.restart('SIGKILL');
        },
      },
      {
        // the subscriber holds what it cannot write, then the devices lose the gateway
        name: 'postgres + gateway',
        run: async () => {
          await crash(() => pg.kill());
          await sleep(1000);
          await crash(() => gw.app.kill());
          await gw.restart('SIGKILL');
          await pg.start();
        },
      },
      {
        // the subscriber holds every reading of the outage, unacknowledged, when it dies
        name: 'postgres + subscriber',
        run: async () => {
          await crash(() => pg.kill());
          await sleep(1000);
          await crash(() => sub.app.kill());
          await pg.start();
          await sub.restart('SIGKILL');
        },
      },
    ];

    stream.phase = 'none (warm-up)';
    await storesAgain(databaseUrl, Date.now());
    for (const fault of faults) {
      stream.phase = fault.name;
      await fault.run();
      await storesAgain(databaseUrl, Date.now());
      await sleep(1000);
    }
    stream.phase = 'none (end)';
    await sleep(1000);
    await stream.stop(60_000);

    const mayBeLost = ({ receivedAt }: SentReading) =>
      kills.find(
        ({ at, broker }) =>
          broker &&
          receivedAt !== undefined &&
          receivedAt > at - BROKER_CRASH_WINDOW_MS &&
          // the answer to a reading the broker took just before it died may arrive after
          receivedAt < at + 2000,
      )?.fault;
    const blame = ({ receivedAt }: SentReading) =>
      kills.find(({ at }) => receivedAt !== undefined && at >= receivedAt)?.fault ?? 'none (end)';
    const report = await checkStored(databaseUrl, stream, mayBeLost, 90_000);
    process.stdout.write(
      `\nfaults suite (${Math.round((Date.now() - started) / 1000)} s; lost in window: answered ` +
        `within ${BROKER_CRASH_WINDOW_MS} ms before a broker kill, the stated limit)\n` +
        `${countsTable(stream, report, blame)}\n`,
    );
    expect(report.problems).toEqual([]);
    // the devices did meet errors and resent: the gateway and the broker were gone mid-stream
    expect(stream.counts('gateway').resent).toBeGreaterThan(0);
    expect(stream.counts('broker').resent).toBeGreaterThan(0);
  });
});

/** Waits until a reading of each kind dated after `since` is stored: the pipeline works again. */
async function storesAgain(databaseUrl: string, since: number): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await query<{ fresh: boolean }>(
        databaseUrl,
        `SELECT (SELECT max("timestamp") FROM temperature) > $1
            AND (SELECT max("timestamp") FROM pressure) > $1
            AND (SELECT max("timestamp") FROM heart_rate) > $1 AS fresh`,
        [new Date(since)],
      );
      return row.fresh;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'a fresh reading of each kind stored' },
  );
}
