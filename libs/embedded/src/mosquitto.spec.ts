import { createServer, type Server } from 'node:net';
import mqtt from 'mqtt';
import { Mosquitto, PortTakenError } from './mosquitto.js';
import * as ports from './ports.js';

jest.mock('./ports.js', () => ({
  ...jest.requireActual<typeof import('./ports.js')>('./ports.js'),
  freePort: jest.fn(),
}));
const freePort = jest.mocked(ports.freePort);
const { freePort: realFreePort } = jest.requireActual<typeof ports>('./ports.js');

/** A listener that is not a broker, on a free port. */
async function takePort(): Promise<Server> {
  const port = await realFreePort();
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('Mosquitto', () => {
  let taken: Server;
  const brokers: Mosquitto[] = [];

  beforeEach(async () => {
    taken = await takePort();
    freePort.mockImplementation(realFreePort);
  });

  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((b) => b.dispose()));
    await new Promise((resolve) => taken.close(resolve));
  });

  it('refuses to start on a port another process listens on, rather than pass that one off as its own', async () => {
    await expect(Mosquitto.start({ port: portOf(taken) })).rejects.toThrow(PortTakenError);
  });

  it('picks another port when the one it picked was taken before the broker bound it', async () => {
    freePort.mockResolvedValueOnce(portOf(taken));
    const broker = await Mosquitto.start();
    brokers.push(broker);

    expect(freePort).toHaveBeenCalledTimes(2);
    expect(broker.port).not.toBe(portOf(taken));
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    await client.endAsync();
  });

  it('fails a restart on a port taken while it was stopped', async () => {
    const broker = await Mosquitto.start();
    brokers.push(broker);
    await broker.stop();
    const squatter = createServer();
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(broker.port, '127.0.0.1', resolve);
    });
    try {
      await expect(broker.start()).rejects.toThrow(PortTakenError);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
