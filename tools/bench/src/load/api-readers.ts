import { sleep } from '../run/window.js';

/** One kind of request the readers make, e.g. a JSON page or a FHIR search. */
export interface ReadQuery {
  name: string;
  /** The path of the next request (a different device or patient each time). */
  path(): string;
  /** How many readings the answer holds (its body as parsed JSON); throws when it is wrong. */
  items(body: unknown): number;
}

interface Sample {
  query: string;
  /** When the request began (ms since the epoch). */
  at: number;
  ms: number;
  items: number;
}

/**
 * Readers of the read API polling it, as clinical systems do: each makes one request, then waits
 * for its next turn (`everyMs` after the last one began, at once when that is past), going round
 * the queries. Every answer must be 200; each is timed.
 */
export class ApiReaders {
  private readonly samples: Sample[] = [];
  private readonly failures = new Map<string, number>();
  private running = true;
  /** While paused, each reader waits for its next turn without a request. */
  private paused = false;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly base: string,
    token: string,
    readers: number,
    private readonly everyMs: number,
    private readonly queries: ReadQuery[],
  ) {
    const headers = { authorization: `Bearer ${token}` };
    this.loops = Array.from({ length: readers }, (_, reader) =>
      // readers start spread over one interval rather than all at once
      this.poll(reader, (reader * everyMs) / readers, headers),
    );
  }

  /** Stops polling once the requests under way are answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Holds the readers' requests from their next turn on (those under way finish). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Failed requests by reason (status or error). */
  errorSummary(): Record<string, number> {
    return Object.fromEntries(this.failures);
  }

  /** The answered requests of each query that began inside [from, to). */
  between(from: Date, to: Date): Record<string, { ms: number[]; items: number[] }> {
    const byQuery = Object.fromEntries(
      this.queries.map((q) => [q.name, { ms: [] as number[], items: [] as number[] }]),
    );
    for (const sample of this.samples) {
      if (sample.at < from.getTime() || sample.at >= to.getTime()) continue;
      byQuery[sample.query].ms.push(sample.ms);
      byQuery[sample.query].items.push(sample.items);
    }
    return byQuery;
  }

  private async poll(
    reader: number,
    delayMs: number,
    headers: Record<string, string>,
  ): Promise<void> {
    await sleep(delayMs);
    for (let turn = reader; this.running; turn++) {
      const query = this.queries[turn % this.queries.length];
      const at = Date.now();
      const began = performance.now();
      if (this.paused) {
        await sleep(this.everyMs);
        continue;
      }
      try {
        const res = await fetch(`${this.base}${query.path()}`, {
          headers,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        const ms = performance.now() - began;
        if (res.status !== 200) this.failed(`${query.name}: HTTP ${res.status}`);
        else this.samples.push({ query: query.name, at, ms, items: query.items(JSON.parse(text)) });
      } catch (err) {
        this.failed(`${query.name}: ${(err as Error).message}`);
      }
      await sleep(Math.max(0, this.everyMs - (performance.now() - began)));
    }
  }

  private failed(reason: string): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
  }
}
