import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';

/**
 * A counter counted on a hot path as plain numbers, one per key, and added to the prom-client
 * counter each time it is read (a scrape): a count then costs an increment, not a label look-up.
 * Every key's series exists from the start, at 0. Counts that are not hot may still go straight to
 * `counter`.
 */
export class CountedAtScrape<K extends string, L extends string> {
  readonly counter: Counter<L>;
  private readonly pending: Record<K, number>;

  constructor(
    configuration: Omit<CounterConfiguration<L>, 'collect'>,
    private readonly keys: readonly K[],
    private readonly labelsOf: (key: K) => LabelValues<L>,
  ) {
    this.pending = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
    this.counter = new Counter<L>({ ...configuration, collect: () => this.addPending() });
    for (const key of keys) this.counter.inc(labelsOf(key), 0);
  }

  add(key: K): void {
    this.pending[key]++;
  }

  private addPending(): void {
    for (const key of this.keys) {
      const count = this.pending[key];
      if (count === 0) continue;
      this.counter.inc(this.labelsOf(key), count);
      this.pending[key] = 0;
    }
  }
}
