import type { Assignment, Vital, Vitals } from '@healthcare/database';
import type { Parameter } from '@healthcare/early-warning';
import { LRUCache, type Perf } from 'lru-cache';

export interface ScoringCacheOptions {
  /** Devices, and patients, kept at most; past it the least recently used is read again. */
  max: number;
  /** SCORING_REFRESH_MS: a patient's vitals are read again once kept this long. */
  refreshMs: number;
  /** The clock of the refresh (tests). */
  perf?: Perf;
}

/** What a lookup found, and which of its keys it had to load. */
export interface Found<V> {
  values: Map<string, V>;
  loaded: readonly string[];
}

/**
 * The scorer's memory between rounds: each device's assignments and each patient's newest
 * vitals, so that a round reads the database only for what it lacks. Every announced assignment
 * change drops both (`drop`): a load begun before a drop is used by its round but not kept.
 * Vitals are kept `refreshMs` at most: what another replica stored for a patient (its batches
 * never pass through this one) counts here from the patient's first round after that.
 */
export class ScoringCache {
  private generation = 0;
  private readonly devices: LRUCache<string, Assignment[]>;
  private readonly patients: LRUCache<string, Vitals>;

  constructor(options: ScoringCacheOptions) {
    // bounded by maxSize, one per entry, not by max: with max, lru-cache allocates its arrays for
    // every entry up front, memory held from the start whatever the number of devices
    const bound = { maxSize: options.max, sizeCalculation: () => 1 };
    this.devices = new LRUCache(bound);
    this.patients = new LRUCache({
      ...bound,
      ttl: options.refreshMs,
      // no clock reading reused between calls: a refresh is due when it is due
      ttlResolution: 0,
      ...(options.perf && { perf: options.perf }),
    });
  }

  drop(): void {
    this.generation++;
    this.devices.clear();
    this.patients.clear();
  }

  assignments(
    sensorIds: readonly string[],
    load: (missing: string[]) => Promise<Map<string, Assignment[]>>,
  ): Promise<Found<Assignment[]>> {
    return this.lookup(this.devices, sensorIds, load);
  }

  /** The patients' vitals; those in `reread` are loaded even when kept. */
  vitals(
    patients: readonly string[],
    load: (missing: string[]) => Promise<Map<string, Vitals>>,
    reread: ReadonlySet<string> = NONE,
  ): Promise<Found<Vitals>> {
    return this.lookup(this.patients, patients, load, reread);
  }

  private async lookup<V extends object>(
    cache: LRUCache<string, V>,
    keys: readonly string[],
    load: (missing: string[]) => Promise<Map<string, V>>,
    reread: ReadonlySet<string> = NONE,
  ): Promise<Found<V>> {
    const mark = this.generation;
    const values = new Map<string, V>();
    const missing: string[] = [];
    for (const key of keys) {
      const kept = reread.has(key) ? undefined : cache.get(key);
      if (kept) values.set(key, kept);
      else missing.push(key);
    }
    if (missing.length === 0) return { values, loaded: missing };
    const read = await load(missing);
    for (const key of missing) {
      const value = read.get(key);
      if (!value) continue;
      values.set(key, value);
      // read before a change was announced: right for this round at most
      if (mark === this.generation) cache.set(key, value);
    }
    return { values, loaded: missing };
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Puts a value in the vitals if it is newer than the one there (a patient may wear two devices
 * measuring one parameter: the newest counts). Kept vitals are updated in place. True if it did.
 */
export function takeNewer(vitals: Vitals, parameter: Parameter, vital: Vital): boolean {
  const known = vitals[parameter];
  if (known && known.at >= vital.at) return false;
  vitals[parameter] = vital;
  return true;
}
