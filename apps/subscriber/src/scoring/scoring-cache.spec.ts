import type { Assignment, Vitals } from '@healthcare/database';
import { ScoringCache, takeNewer } from './scoring-cache.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const assignment = (sensorId: string, patient: string): Assignment => ({
  id: 1,
  sensorId,
  patient,
  validFrom: at(0),
  validTo: null,
});

/** A loader that records what it was asked for and answers from `source`. */
function loader<V>(source: Map<string, V>) {
  const asked: string[][] = [];
  const load = (missing: string[]) => {
    asked.push(missing);
    return Promise.resolve(
      new Map(missing.flatMap((k) => (source.has(k) ? [[k, source.get(k)!]] : []))),
    );
  };
  return { asked, load };
}

describe('ScoringCache', () => {
  // lru-cache takes a start time of 0 for none
  let now = 1000;
  const perf = { now: () => now };
  beforeEach(() => {
    now = 1000;
  });

  it('loads only what it does not keep, and says what it loaded', async () => {
    const cache = new ScoringCache({ max: 10, refreshMs: 1000, perf });
    const devices = loader(
      new Map([
        ['a', [assignment('a', 'p')]],
        ['b', []],
      ]),
    );
    const first = await cache.assignments(['a', 'b'], devices.load);
    expect([...first.loaded]).toEqual(['a', 'b']);
    const second = await cache.assignments(['a', 'b', 'c'], devices.load);
    expect(devices.asked).toEqual([['a', 'b'], ['c']]);
    expect(second.values.get('a')?.[0]?.patient).toBe('p');
    expect(second.values.get('b')).toEqual([]);
    expect([...second.loaded]).toEqual(['c']);
  });

  it('reads vitals again once they are older than refreshMs, or when asked to', async () => {
    const cache = new ScoringCache({ max: 10, refreshMs: 1000, perf });
    const vitals = loader(new Map<string, Vitals>([['p', { pulse: { value: 70, at: at(1) } }]]));
    await cache.vitals(['p'], vitals.load);
    now += 999;
    await cache.vitals(['p'], vitals.load);
    expect(vitals.asked).toHaveLength(1);
    await cache.vitals(['p'], vitals.load, new Set(['p']));
    expect(vitals.asked).toHaveLength(2);
    now += 1001;
    await cache.vitals(['p'], vitals.load);
    expect(vitals.asked).toHaveLength(3);
  });

  it('forgets everything on drop, and keeps nothing a load read before a drop', async () => {
    const cache = new ScoringCache({ max: 10, refreshMs: 1000, perf });
    const source = new Map([['a', [assignment('a', 'p')]]]);
    const devices = loader(source);
    await cache.assignments(['a'], devices.load);
    cache.drop();
    await cache.assignments(['a'], devices.load);
    expect(devices.asked).toHaveLength(2);

    // a change announced while a load is under way: its answer serves its round only
    let release = () => undefined as void;
    const slow = (missing: string[]) =>
      new Promise<Map<string, Assignment[]>>((resolve) => {
        release = () => resolve(new Map(missing.map((k) => [k, [assignment(k, 'old')]])));
      });
    cache.drop();
    const during = cache.assignments(['a'], slow);
    cache.drop();
    release();
    expect((await during).values.get('a')?.[0]?.patient).toBe('old');
    source.set('a', [assignment('a', 'new')]);
    const after = await cache.assignments(['a'], devices.load);
    expect(after.values.get('a')?.[0]?.patient).toBe('new');
  });

  it('keeps at most max entries', async () => {
    const cache = new ScoringCache({ max: 2, refreshMs: 1000, perf });
    const devices = loader(
      new Map([
        ['a', []],
        ['b', []],
        ['c', []],
      ]),
    );
    await cache.assignments(['a', 'b', 'c'], devices.load);
    await cache.assignments(['a', 'b', 'c'], devices.load);
    expect(devices.asked[1]).toEqual(['a']);
  });
});

describe('takeNewer', () => {
  it('takes a value newer than the one there, in place, and only such a value', () => {
    const vitals: Vitals = { pulse: { value: 70, at: at(2) } };
    expect(takeNewer(vitals, 'pulse', { value: 135, at: at(1) })).toBe(false);
    expect(takeNewer(vitals, 'pulse', { value: 72, at: at(2) })).toBe(false);
    expect(takeNewer(vitals, 'pulse', { value: 135, at: at(3) })).toBe(true);
    expect(takeNewer(vitals, 'systolic', { value: 85, at: at(1) })).toBe(true);
    expect(vitals).toEqual({
      pulse: { value: 135, at: at(3) },
      systolic: { value: 85, at: at(1) },
    });
  });
});
