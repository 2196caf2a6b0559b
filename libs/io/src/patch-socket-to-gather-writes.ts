import type { Writable } from 'node:stream';
import { patchedSockets } from './patch-socket-to-coalesce-writes.js';

type Done = (err?: Error | null) => void;

/**
 * Patches the socket (replaces its own `write`, `end` and `destroy`, turns Nagle off) so that the
 * writes of one turn of the event loop are held in an array of its own and handed to the socket
 * as one buffer at the end of the turn. Unlike patchSocketToCoalesceWrites, a held piece costs an
 * array slot, not a pass through the stream's write machinery: for a writer that writes each
 * message in many small pieces (mqtt-packet writes a PUBLISH in 7 to 12). What it holds is not in
 * the socket's `writableLength` until the turn ends: do not use it where that length is read
 * (a WebSocket's `bufferedAmount`). `write` answers from the socket's own state (false while it
 * needs a drain). Patching twice, or a socket patched by patchSocketToCoalesceWrites, is a no-op.
 */
export function patchSocketToGatherWrites(socket: Writable): void {
  if (patchedSockets.has(socket)) return;
  patchedSockets.add(socket);
  (socket as Writable & { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
  const write = socket.write.bind(socket) as (chunk: Buffer, done?: Done) => boolean;
  const end = socket.end.bind(socket) as (...args: unknown[]) => Writable;
  const destroy = socket.destroy.bind(socket);
  let held: Buffer[] = [];
  let callbacks: Done[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (held.length === 0) return;
    const chunks = held;
    const waiting = callbacks;
    held = [];
    callbacks = [];
    const chunk = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (waiting.length === 0) write(chunk);
    else write(chunk, (err) => waiting.forEach((done) => done(err)));
  };
  socket.write = ((chunk: Buffer | string, encoding?: BufferEncoding | Done, done?: Done) => {
    if (typeof encoding === 'function') done = encoding;
    held.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
        : chunk,
    );
    if (done) callbacks.push(done);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return !socket.writableNeedDrain;
  }) as Writable['write'];
  socket.end = ((...args: unknown[]) => {
    flush();
    return end(...args);
  }) as Writable['end'];
  socket.destroy = (error?: Error) => {
    flush();
    return destroy(error);
  };
}
