import { createServer, Socket } from 'node:net';

/** Whether a TCP listener could bind the port right now. */
export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port that was free a moment ago, picked at random below Linux's ephemeral range
 * (32768-60999): a port the kernel hands out can be taken again at once by any outgoing
 * connection, while one below the range is taken only by another listener.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await isPortFree(port, host)) && (await isPortFree(port, '0.0.0.0'))) return port;
  }
  return kernelPort(host);
}

function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The preferred port when it is free, else any free one. */
export async function preferredOrFreePort(preferred: number, host = '0.0.0.0'): Promise<number> {
  return (await isPortFree(preferred, host)) ? preferred : freePort(host);
}

/** Whether something accepts TCP connections on the port right now. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}
