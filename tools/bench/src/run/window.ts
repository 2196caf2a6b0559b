import type { ResourceSampler, WindowUsage } from '../metrics/sampler.js';
import type { ScenarioContext } from '../scenario.js';

export interface Window<T> {
  start: T;
  end: T;
  from: Date;
  to: Date;
  seconds: number;
  /** CPU and memory of the watched processes over the window. */
  usage?: WindowUsage;
  /** The window on the monotonic clock in µs (the clock of CPU profiles). */
  monotonic: [number, number];
}

/** Now on the monotonic clock, in µs: the time base of V8's CPU profiles, the same in every process. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Waits out the warm-up, then takes `snapshot` at the start and the end of the measured window,
 * sampling the processes' resources in between.
 */
export async function measureWindow<T>(
  ctx: ScenarioContext,
  snapshot: () => T | Promise<T>,
  sampler?: ResourceSampler,
): Promise<Window<T>> {
  await sleep(ctx.options.warmupMs);
  const from = new Date();
  const begin = performance.now();
  const start = await snapshot();
  const monotonicFrom = monotonicMicros();
  await sampler?.start();
  await sleep(ctx.options.durationMs);
  const end = await snapshot();
  const monotonic: [number, number] = [monotonicFrom, monotonicMicros()];
  const seconds = (performance.now() - begin) / 1000;
  const usage = sampler?.stop();
  return { start, end, from, to: new Date(), seconds, usage, monotonic };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const perSecond = (count: number, seconds: number) =>
  seconds > 0 ? Math.round(count / seconds) : 0;
