import { Writable } from 'node:stream';
import { patchSocketToCoalesceWrites } from './patch-socket-to-coalesce-writes.js';

/** A stream that records how its writes reach the underlying resource. */
function recordingStream() {
  const calls: string[][] = [];
  const stream = new Writable({
    writev(chunks, done) {
      calls.push(chunks.map((c) => String(c.chunk)));
      done();
    },
    write(chunk, _encoding, done) {
      calls.push([String(chunk)]);
      done();
    },
  });
  return { stream, calls };
}

describe('patchSocketToCoalesceWrites', () => {
  it('sends the writes of one event-loop turn together, in order, as one buffer', async () => {
    const { stream, calls } = recordingStream();
    patchSocketToCoalesceWrites(stream);
    stream.write('a');
    stream.write('b');
    await Promise.resolve();
    stream.write('c'); // a microtask later, still the same turn
    await new Promise((resolve) => setImmediate(resolve));
    // one buffer, not a vector of pieces
    expect(calls).toEqual([['abc']]);

    stream.write('d');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['abc'], ['d']]);
  });

  it('patches a stream once, however often it is asked', async () => {
    const { stream, calls } = recordingStream();
    patchSocketToCoalesceWrites(stream);
    patchSocketToCoalesceWrites(stream);
    stream.write('a');
    stream.write('b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['ab']]);
  });

  it('sends what it holds before the stream is destroyed', () => {
    const { stream, calls } = recordingStream();
    patchSocketToCoalesceWrites(stream);
    stream.write('ack');
    stream.destroy();
    expect(calls).toEqual([['ack']]);
  });
});
