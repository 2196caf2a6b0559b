import { createServer } from 'node:net';
import { freePort, isPortFree, preferredOrFreePort } from './ports.js';

describe('ports', () => {
  it('keeps the preferred port when it is free and picks another when it is taken', async () => {
    const port = await freePort();
    await expect(preferredOrFreePort(port, '127.0.0.1')).resolves.toBe(port);

    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    await expect(isPortFree(port, '127.0.0.1')).resolves.toBe(false);
    const other = await preferredOrFreePort(port, '127.0.0.1');
    expect(other).not.toBe(port);
    await expect(isPortFree(other, '127.0.0.1')).resolves.toBe(true);
    await new Promise((resolve) => holder.close(resolve));
  });
});
