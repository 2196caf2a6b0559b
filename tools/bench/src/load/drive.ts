import type { Answer, LoadClient } from './load-client.js';

/** What a load has sent and how it was answered. */
export class Tally {
  sent = 0;
  /** Due by an open-loop schedule but not sent: too many were waiting for answers. */
  skipped = 0;
  accepted = 0;
  refused = 0;
  readonly errors = new Map<string, number>();

  get inFlight(): number {
    return this.sent - this.accepted - this.refused;
  }

  readonly answer: Answer = (error) => {
    if (error === undefined) this.accepted++;
    else {
      this.refused++;
      this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
    }
  };

  errorSummary(): Record<string, number> {
    return Object.fromEntries(this.errors);
  }
}

export interface Load {
  readonly tally: Tally;
  /** Sends no more and waits (at most `timeoutMs`) for the answers still due. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Closed loop: keeps `concurrency` readings in flight, the next sent as soon as one is answered;
 * sends `limit` readings at most.
 */
export function saturate(client: LoadClient, concurrency: number, limit = Infinity): Load {
  const tally = new Tally();
  let running = true;
  const lane: Answer = (error) => {
    tally.answer(error);
    // a refusal may come back synchronously (socket closed): do not recurse on it
    if (!running) return;
    if (error === undefined) send();
    else setImmediate(send);
  };
  const send = () => {
    if (tally.sent >= limit) return;
    tally.sent++;
    client.send(lane);
  };
  for (let i = 0; i < Math.min(concurrency, limit); i++) send();
  return {
    tally,
    stop: (timeoutMs) => {
      running = false;
      return settled(tally, timeoutMs);
    },
  };
}

/**
 * Open loop: sends `perSecond` readings a second on a schedule, whatever the answers, as long as
 * fewer than `maxInFlight` wait for one (past that an overloaded server would only pile them up).
 */
export function fixedRate(client: LoadClient, perSecond: number, maxInFlight = 10_000): Load {
  const tally = new Tally();
  const start = performance.now();
  const tick = () => {
    const due =
      Math.floor(((performance.now() - start) * perSecond) / 1000) - tally.sent - tally.skipped;
    for (let i = 0; i < due; i++) {
      if (tally.inFlight >= maxInFlight) {
        tally.skipped++;
        continue;
      }
      tally.sent++;
      client.send(tally.answer);
    }
  };
  const timer = setInterval(tick, 2);
  return {
    tally,
    stop: (timeoutMs) => {
      clearInterval(timer);
      return settled(tally, timeoutMs);
    },
  };
}

async function settled(tally: Tally, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (tally.inFlight > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `saturate` with `concurrency` in flight; given `perSecond`, `fixedRate` at that rate instead (a
 * baseline at another scenario's rate), with fixedRate's own cap on readings in flight so that a
 * hiccup of the machine delays readings rather than skipping them (the clients queue what their
 * connections cannot take yet).
 */
export function closedOrAtRate(client: LoadClient, concurrency: number, perSecond?: number): Load {
  return perSecond === undefined ? saturate(client, concurrency) : fixedRate(client, perSecond);
}
