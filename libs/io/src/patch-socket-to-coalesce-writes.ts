import type { Writable } from 'node:stream';

/** Sockets patched by this module's functions: each patches a socket once, and only one of them. */
export const patchedSockets = new WeakSet<Writable>();

interface Chunk {
  chunk: Buffer | string;
  encoding: BufferEncoding;
}

/** The parts of net.Socket's Writable implementation it changes. */
interface SocketInternals {
  _write(
    chunk: Buffer,
    encoding: BufferEncoding | 'buffer',
    callback: (err?: Error | null) => void,
  ): void;
  _writev?(chunks: Chunk[], callback: (err?: Error | null) => void): void;
}

/**
 * Patches the socket (replaces its own `write`, `_writev` and `destroy`, turns Nagle off) so that
 * the writes of one turn of the event loop leave together in one system call instead of one each:
 * the first write corks it, and it is uncorked once the turn's I/O is done. Under load a socket
 * gets many small writes per turn (a PUBLISH or an ack frame per reading), and each packet comes
 * in several pieces (mqtt-packet writes a PUBLISH's header, topic, properties and payload apart): they are joined into one buffer,
 * which costs less than handing the kernel a vector of the pieces. A socket destroyed meanwhile
 * (a WebSocket terminated at shutdown) first sends what it holds. Patching twice is a no-op.
 */
export function patchSocketToCoalesceWrites(socket: Writable): void {
  if (patchedSockets.has(socket)) return;
  patchedSockets.add(socket);
  // what leaves at the end of the turn leaves at once: Nagle would hold it for the peer's
  // delayed ACK
  (socket as Writable & { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const destroy = socket.destroy.bind(socket);
  let corked = false;
  const release = () => {
    if (!corked) return;
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(release);
    }
    return write(...args);
  }) as Writable['write'];
  const internals = socket as unknown as SocketInternals;
  internals._writev = (chunks, callback) => {
    const buffers = chunks.map(({ chunk, encoding }) =>
      typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk,
    );
    internals._write(Buffer.concat(buffers), 'buffer', callback);
  };
  socket.destroy = (error?: Error) => {
    release();
    return destroy(error);
  };
}
