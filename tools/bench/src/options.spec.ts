import { OptionsError, parseOptions } from './options.js';

const SCENARIOS = ['mqtt-pipe', 'ingest-ws'];

describe('parseOptions', () => {
  it('defaults to 3 runs of 15 s after a 10 s warm-up', () => {
    expect(parseOptions([], SCENARIOS)).toMatchObject({
      quick: false,
      runs: 3,
      durationMs: 15_000,
      warmupMs: 10_000,
      drainCount: 200_000,
      readRows: 10_000_000,
      mixedRate: 2000,
      readIngestRate: 500,
    });
    expect(parseOptions(['--read-ingest-rate', '300'], SCENARIOS).readIngestRate).toBe(300);
    expect(parseOptions([], SCENARIOS).only).toBeUndefined();
  });

  it('shortens everything with --quick, and lets explicit flags win (pnpm passes a bare --)', () => {
    expect(parseOptions(['--', '--quick', '--duration', '5'], SCENARIOS)).toMatchObject({
      quick: true,
      runs: 1,
      durationMs: 5000,
      warmupMs: 0,
      drainCount: 5000,
      readRows: 100_000,
    });
  });

  it('measures the baselines at the ingest rate as long as the window, except in quick runs', () => {
    expect(parseOptions([], SCENARIOS).matchedMs).toBe(15_000);
    expect(parseOptions(['--duration', '6'], SCENARIOS).matchedMs).toBe(6000);
    expect(parseOptions(['--matched', '4', '--duration', '6'], SCENARIOS).matchedMs).toBe(4000);
    expect(parseOptions(['--matched', '0'], SCENARIOS).matchedMs).toBe(0);
    expect(parseOptions(['--quick'], SCENARIOS).matchedMs).toBe(0);
    expect(parseOptions(['--quick', '--matched', '1'], SCENARIOS).matchedMs).toBe(1000);
    expect(() => parseOptions(['--matched', '-1'], SCENARIOS)).toThrow(
      '--matched must be a number of seconds >= 0',
    );
  });

  it('collects --only lists', () => {
    expect(parseOptions(['--only', 'mqtt-pipe', '--only', 'ingest-ws'], SCENARIOS).only).toEqual([
      'mqtt-pipe',
      'ingest-ws',
    ]);
  });

  it('names what is wrong', () => {
    expect(() => parseOptions(['--only', 'nope'], SCENARIOS)).toThrow(
      new OptionsError('unknown scenario nope; scenarios: mqtt-pipe, ingest-ws'),
    );
    expect(() => parseOptions(['--runs', '0'], SCENARIOS)).toThrow('--runs must be a whole number');
    expect(() => parseOptions(['--duration'], SCENARIOS)).toThrow('--duration needs a value');
    expect(() => parseOptions(['--fast'], SCENARIOS)).toThrow('unknown option --fast');
  });
});
