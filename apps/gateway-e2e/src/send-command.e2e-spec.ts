import { ManagedProcess } from '@healthcare/testing';
import { ObservedGateway } from './support/gateway.js';

/** `pnpm send`'s program (tools/send), as a user runs it against this gateway. */
async function send(
  gateway: ObservedGateway,
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  const command = ManagedProcess.spawn({
    name: 'send',
    command: process.execPath,
    args: [
      'tools/send/dist/main.js',
      ...args,
      '--http-port',
      String(gateway.ports.http),
      '--grpc-port',
      String(gateway.ports.grpc),
    ],
    env: { PATH: process.env.PATH },
  });
  const code = await command.exited;
  return { code, output: command.output() };
}

describe('pnpm send: a reading by hand over each protocol', () => {
  let gateway: ObservedGateway;

  beforeAll(async () => {
    gateway = await ObservedGateway.startWithBroker();
  }, 60_000);
  afterAll(() => gateway?.stop(), 30_000);

  it.each([
    ['temperature', /"status": 200,\s+"body": \{\s+"status": "received"/],
    ['heartRate', /"status": "received",\s+"sensor_id": "Manual_001"/],
    ['pressure', /"status": "OK"/],
  ])(
    'sends a simulated %s, prints the answer, exits 0, and the gateway publishes it',
    async (kind, answer) => {
      gateway.collector.clear();
      const { code, output } = await send(gateway, kind);

      expect(output).toMatch(answer);
      expect(code).toBe(0);
      await gateway.published('Manual_001');
    },
  );

  it.each([
    ['temperature', /"status": 400,[\s\S]*"field": "value"/],
    ['heartRate', /"error": "invalid_reading",[\s\S]*"field": "value"/],
    ['pressure', /"status": "INVALID_ARGUMENT",[\s\S]*"field": "systolic"/],
  ])('prints why the gateway refused a %s and exits 1', async (kind, answer) => {
    const reading =
      kind === 'pressure'
        ? {
            sensor_id: 'Manual_002',
            systolic: 10,
            diastolic: 80,
            unit: 'mmHg',
            date: new Date().toISOString(),
          }
        : {
            sensor_id: 'Manual_002',
            value: 1000,
            unit: kind === 'temperature' ? 'C' : 'bpm',
            date: new Date().toISOString(),
          };
    const { code, output } = await send(gateway, kind, JSON.stringify(reading));

    expect(output).toMatch(answer);
    expect(code).toBe(1);
  });

  it('explains its usage and exits 2 for an unknown kind', async () => {
    const { code, output } = await send(gateway, 'glucose');

    expect(output).toMatch(/usage: pnpm send <temperature\|pressure\|heartRate>/);
    expect(code).toBe(2);
  });
});
