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
}

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
  sampler?.start();
  await sleep(ctx.options.durationMs);
  const end = await snapshot();
  const seconds = (performance.now() - begin) / 1000;
  const usage = sampler?.stop();
  return { start, end, from, to: new Date(), seconds, usage };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const perSecond = (count: number, seconds: number) =>
  seconds > 0 ? Math.round(count / seconds) : 0;
