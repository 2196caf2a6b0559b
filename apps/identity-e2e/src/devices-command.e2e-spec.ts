import { ManagedProcess } from '@healthcare/embedded/managed-process';
import {
  freePort,
  Mosquitto,
  postTemperature,
  query,
  TestGateway,
  TestPostgres,
  waitFor,
} from '@healthcare/testing';
import { reading } from './support.js';

/** `pnpm devices` as built (tools/devices/dist), against a PostgreSQL of the file's own. */
describe('pnpm devices', () => {
  let postgres: TestPostgres;
  let url: string;

  beforeAll(async () => {
    postgres = await TestPostgres.start();
    url = postgres.url('registry');
  }, 60_000);
  afterAll(() => postgres?.dispose(), 30_000);

  it('creates the database and tables, adds a device and prints its token alone on the last line, stored only as a digest', async () => {
    const add = await devices(['add', 'Temp_042', '--kind', 'temperature']);
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('created database "registry"');
    const token = lastLine(add.stdout);
    expect(token).toMatch(/^hiot_[A-Za-z0-9_-]{32}$/);

    const stored = await query<{ digest: Buffer }>(url, 'SELECT digest FROM device_credential');
    expect(stored).toHaveLength(1);
    expect(stored[0].digest).toHaveLength(32);
    expect(JSON.stringify(await query(url, 'SELECT * FROM device_credential'))).not.toContain(
      token.slice(5),
    );
  });

  it('refuses in one line, exit 1: a device that exists, a bad id or kind, an unknown device', async () => {
    for (const [args, message] of [
      [
        ['add', 'Temp_042', '--kind', 'temperature'],
        'device Temp_042 exists; use rotate for a new token',
      ],
      [['add', 'bad id', '--kind', 'temperature'], 'a device id is the sensor_id it sends'],
      [
        ['add', 'Temp_043', '--kind', 'oxygen'],
        '--kind must be temperature, pressure or heartRate',
      ],
      [['rotate', 'Nobody'], 'no device Nobody; add it first'],
      [['disable', 'Nobody'], 'no device Nobody; add it first'],
    ] as const) {
      const run = await devices([...args]);
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    }
  });

  it('answers a wrong command line with the usage, exit 2', async () => {
    const run = await devices(['remove', 'Temp_042']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "remove"[\s\S]*usage: pnpm devices/);
  });

  it('says in one line, exit 1, when PostgreSQL cannot be reached', async () => {
    const run = await devices(['list'], `postgres://postgres@127.0.0.1:${await freePort()}/x`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^devices list: failed: cannot use PostgreSQL at 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\n$/,
    );
  });

  it('lists devices without secrets, and rotates, disables and enables them as the gateway sees it', async () => {
    const broker = await Mosquitto.start();
    const first = lastLine((await devices(['add', 'Temp_050', '--kind', 'temperature'])).stdout);
    const gateway = await TestGateway.start(broker.url, { auth: { databaseUrl: url } });
    try {
      const status = async (token: string) =>
        (await postTemperature(gateway.httpUrl, reading('temperature', 'Temp_050'), 10_000, token))
          .status;
      // no subscriber on the broker: a reading that passes authentication is answered 503
      expect(await status(first)).toBe(503);

      const rotate = await devices(['rotate', 'Temp_050', '--grace', '1h']);
      expect(rotate.code).toBe(0);
      expect(rotate.stdout).toMatch(/the old one valid until \d{4}-/);
      const second = lastLine(rotate.stdout);
      await waitFor(async () => (await status(second)) === 503, { what: 'the new token taken' });
      expect(await status(first)).toBe(503);

      const list = await devices(['list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^Temp_050 +temperature +enabled +2 +no end /m);
      expect(list.stdout).not.toContain('hiot_');

      expect((await devices(['disable', 'Temp_050'])).code).toBe(0);
      await waitFor(async () => (await status(second)) === 403, { what: 'the device refused' });
      expect((await devices(['list'])).stdout).toMatch(/^Temp_050 +temperature +disabled /m);
      expect((await devices(['enable', 'Temp_050'])).code).toBe(0);
      await waitFor(async () => (await status(second)) === 503, { what: 'the device taken again' });

      expect((await devices(['rotate', 'Temp_050'])).stdout).toContain(
        'the old one no longer valid',
      );
      await waitFor(async () => (await status(first)) === 401, { what: 'the old tokens refused' });
      expect(await status(second)).toBe(401);
    } finally {
      await gateway.stop();
      await broker.dispose();
    }
  });

  /** Runs the built command with DATABASE_URL (and nothing else of the test's environment). */
  async function devices(
    args: string[],
    databaseUrl = url,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = ManagedProcess.spawn({
      name: `devices ${args[0]}`,
      command: process.execPath,
      args: ['tools/devices/dist/main.js', ...args],
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    });
    // attached before any output can arrive (the next turn at the earliest)
    let stdout = '';
    let stderr = '';
    child.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { code: await child.exited, stdout, stderr };
  }
});

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}
