import type { ClientTls } from '@healthcare/config';
import { WebSocket } from 'ws';
import type { Answer, LoadClient } from './load-client.js';
import type { ReadingSource } from './readings.js';

const ACK_PREFIX = '{"status":"received"';

/**
 * Sends readings as text frames over a few sockets; each answer frame settles the oldest reading.
 * Each socket is one device (the source's device of the same index), as a device's token allows.
 */
export class WsLoadClient implements LoadClient {
  private next = 0;

  private constructor(
    private readonly sockets: { ws: WebSocket; pending: Answer[] }[],
    private readonly source: ReadingSource,
  ) {
    for (const socket of sockets) {
      socket.ws.on('message', (data: Buffer) => {
        const text = data.toString();
        socket.pending.shift()?.(text.startsWith(ACK_PREFIX) ? undefined : errorOf(text));
      });
      socket.ws.on('close', () => {
        for (const answer of socket.pending.splice(0)) answer('socket closed');
      });
    }
  }

  /** `tls` (its CA) for a wss:// URL. */
  static async connect(
    url: string,
    sockets: number,
    source: ReadingSource,
    tls?: ClientTls,
  ): Promise<WsLoadClient> {
    if (source.ids.length !== sockets) throw new Error('one device per socket');
    const opened = await Promise.all(
      Array.from({ length: sockets }, async (_, device) => {
        const authorization = source.authorization(device);
        const ws = new WebSocket(url, {
          perMessageDeflate: false,
          headers: authorization ? { authorization } : {},
          ...tls,
        });
        ws.on('error', () => undefined);
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        return { ws, pending: [] as Answer[] };
      }),
    );
    return new WsLoadClient(opened, source);
  }

  send(answer: Answer): void {
    const device = this.next;
    const socket = this.sockets[device];
    this.next = (this.next + 1) % this.sockets.length;
    if (socket.ws.readyState !== WebSocket.OPEN) return answer('socket closed');
    socket.pending.push(answer);
    socket.ws.send(this.source.json(device));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        ({ ws }) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.close();
          }),
      ),
    );
  }
}

function errorOf(text: string): string {
  try {
    const frame = JSON.parse(text) as { error?: string };
    return `ws ${frame.error ?? 'unexpected frame'}`;
  } catch {
    return 'ws unexpected frame';
  }
}
