import type { FigureSpec } from '../scenario.js';
import { cpuFigure } from './usage.js';

/**
 * CPU per reading falls as the rate rises (more readings share each wake-up and socket write),
 * and the baselines run saturated, faster than the system: these phases run them again at the
 * ingest's own rate, so that the gateway and the subscriber are also compared at equal rates.
 * Shown, not targets: issue 11's targets stay on the saturated baselines.
 */
export const MATCHED_FIGURES: FigureSpec[] = [
  { key: 'gatewayPerBareMatched', label: 'gateway CPU / bare server at its rate', digits: 2 },
  { key: 'gatewayPerFloorMatched', label: 'gateway CPU / gateway floor at its rate', digits: 2 },
  {
    key: 'subscriberPerPipeMatched',
    label: 'subscriber CPU / plain subscriber at its rate',
    digits: 2,
  },
  {
    key: 'subscriberPerFloorMatched',
    label: 'subscriber CPU / subscriber floor at its rate',
    digits: 2,
  },
  cpuFigure('bareUsMatched', 'bare server at its rate:'),
  cpuFigure('floorUsMatched', 'gateway floor at its rate:'),
  cpuFigure('pipeUsMatched', 'plain subscriber at its rate:'),
  cpuFigure('subscriberFloorUsMatched', 'subscriber floor at its rate:'),
];

/** CPU µs per reading of each baseline at the ingest's rate. */
export interface MatchedCosts {
  bareUs: number;
  floorUs: number;
  pipeUs: number;
  subscriberFloorUs: number;
}

/** The figures of MATCHED_FIGURES from the ingest's own figures and the baselines' costs. */
export function matchedFigures(
  ingest: Record<string, number>,
  { bareUs, floorUs, pipeUs, subscriberFloorUs }: MatchedCosts,
): Record<string, number> {
  return {
    gatewayPerBareMatched: ratio(ingest.gatewayUs, bareUs),
    bareUsMatched: bareUs,
    subscriberPerPipeMatched: ratio(ingest.subscriberUs, pipeUs),
    pipeUsMatched: pipeUs,
    gatewayPerFloorMatched: ratio(ingest.gatewayUs, floorUs),
    floorUsMatched: floorUs,
    subscriberPerFloorMatched: ratio(ingest.subscriberUs, subscriberFloorUs),
    subscriberFloorUsMatched: subscriberFloorUs,
  };
}

/** `a / b` to two decimals; NaN unless both are known and positive. */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (!(a! > 0 && b! > 0)) return NaN;
  return Math.round((a! / b!) * 100) / 100;
}

/**
 * Each baseline's measured rate within 5% of the rate it was asked for (pairs of measured and
 * asked): beyond, it fell behind in its window and its CPU per reading is not at the ingest's rate.
 */
export function ratesHeld(rates: [measured: number, asked: number][]): boolean {
  return rates.every(([measured, asked]) => Math.abs(measured - asked) <= 0.05 * asked);
}
