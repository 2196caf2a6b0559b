import { Writable } from 'node:stream';
import { patchSocketToCoalesceWrites } from './patch-socket-to-coalesce-writes.js';
import { patchSocketToGatherWrites } from './patch-socket-to-gather-writes.js';

/** A stream that records how its writes reach the underlying resource. */
function recordingStream(highWaterMark = 16 * 1024) {
  const calls: string[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk, _encoding, done) {
      calls.push(String(chunk));
      done();
    },
  });
  return { stream, calls };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('patchSocketToGatherWrites', () => {
  it('hands the writes of one event-loop turn to the stream together, in order, as one write', async () => {
    const { stream, calls } = recordingStream();
    const write = jest.spyOn(stream, 'write');
    patchSocketToGatherWrites(stream);
    stream.write('a');
    stream.write(Buffer.from('b'));
    await Promise.resolve();
    stream.write('c');
    expect(calls).toEqual([]);
    await turn();
    expect(calls).toEqual(['abc']);
    // the stream's own write ran once for the turn's three
    expect(write).toHaveBeenCalledTimes(1);

    stream.write('d');
    await turn();
    expect(calls).toEqual(['abc', 'd']);
  });

  it("calls each write's callback once its turn's bytes are written", async () => {
    const { stream } = recordingStream();
    patchSocketToGatherWrites(stream);
    const done = jest.fn();
    stream.write('a', done);
    stream.write('b', 'utf8', done);
    expect(done).not.toHaveBeenCalled();
    await turn();
    await turn();
    expect(done).toHaveBeenCalledTimes(2);
  });

  it('answers false while the stream needs a drain', async () => {
    const { stream } = recordingStream(1);
    patchSocketToGatherWrites(stream);
    stream.cork(); // keeps what the stream takes in its buffer
    expect(stream.write('ab')).toBe(true);
    await turn();
    expect(stream.write('c')).toBe(false);
  });

  it('sends what it holds before the stream ends or is destroyed', async () => {
    const ended = recordingStream();
    patchSocketToGatherWrites(ended.stream);
    ended.stream.write('disconnect');
    ended.stream.end();
    await new Promise((resolve) => ended.stream.once('finish', resolve));
    expect(ended.calls).toEqual(['disconnect']);

    const destroyed = recordingStream();
    patchSocketToGatherWrites(destroyed.stream);
    destroyed.stream.write('last');
    destroyed.stream.destroy();
    expect(destroyed.calls).toEqual(['last']);
  });

  it('leaves a socket patched by either function as it is', async () => {
    const { stream, calls } = recordingStream();
    patchSocketToCoalesceWrites(stream);
    patchSocketToGatherWrites(stream);
    stream.write('a');
    // corked, in the stream's own buffer: the coalescing patch's way, not the gathering one's
    expect(stream.writableLength).toBe(1);
    await turn();
    expect(calls).toEqual(['a']);
  });
});
