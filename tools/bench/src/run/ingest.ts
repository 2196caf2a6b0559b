import { ALL_TABLES, System, type SystemOptions } from '../env/system.js';
import type { Load } from '../load/drive.js';
import { countCommitted, waitForRows } from '../metrics/rows.js';
import type { FigureSpec, RunOutcome, ScenarioContext } from '../scenario.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from './usage.js';
import { measureWindow, perSecond, type Window } from './window.js';

/** Resource figures every system scenario reports. */
export const RESOURCE_FIGURES: FigureSpec[] = [
  { key: 'gatewayRss', label: 'gateway peak RSS MB' },
  { key: 'subscriberRss', label: 'subscriber peak RSS MB' },
  { key: 'gatewayCpu', label: 'gateway CPU % (1 core = 100)' },
  { key: 'subscriberCpu', label: 'subscriber CPU %' },
  cpuFigure('gatewayUs', 'gateway per reading:'),
  cpuFigure('subscriberUs', 'subscriber per row:'),
  cpuFigure('postgresUs', 'PostgreSQL backends per row:'),
];

export interface IngestMeasurement {
  system: System;
  window: Window<number>;
  loads: Load[];
}

/**
 * Starts the system (with `options`, e.g. TLS), lets `startLoad` drive it through the gateway for
 * the warm-up and the window, then stops the load and waits for every accepted reading to be
 * stored.
 */
export async function measureIngest(
  ctx: ScenarioContext,
  startLoad: (system: System) => Promise<Load[]>,
  options: SystemOptions = {},
): Promise<IngestMeasurement & { outcome: RunOutcome }> {
  const system = await System.start(ctx, options);
  const loads = await startLoad(system);
  const accepted = () => loads.reduce((sum, load) => sum + load.tally.accepted, 0);
  const sampler = sampleProcesses(
    {
      gateway: system.gateway?.pid,
      subscriber: system.subscriber?.pid,
      mosquitto: system.broker.pid,
    },
    system.db,
  );
  const window = await measureWindow(ctx, accepted, sampler);
  await Promise.all(loads.map((load) => load.stop(120_000)));

  const stopped = performance.now();
  const expected = accepted() + system.probes + system.seeded;
  const rows = await waitForRows(system.db, ALL_TABLES, expected);
  const catchUpMs = Math.round(performance.now() - stopped);
  const committed = await countCommitted(system.db, ALL_TABLES, window.from, window.to);
  const peaks = system.peakRssMb();
  const cpu = window.usage?.processes ?? {};
  const refused = loads.reduce((sum, load) => sum + load.tally.refused, 0);
  const errors = Object.assign({}, ...loads.map((load) => load.tally.errorSummary())) as object;
  return {
    system,
    window,
    loads,
    outcome: {
      figures: {
        accepted: perSecond(window.end - window.start, window.seconds),
        rows: perSecond(committed, window.seconds),
        gatewayRss: peaks.gateway,
        subscriberRss: peaks.subscriber,
        gatewayCpu: cpu.gateway?.cpuPercent ?? 0,
        subscriberCpu: cpu.subscriber?.cpuPercent ?? 0,
        gatewayUs: cpuMicrosPer(window.usage, 'gateway', window.end - window.start),
        subscriberUs: cpuMicrosPer(window.usage, 'subscriber', committed),
        postgresUs: cpuMicrosPer(window.usage, 'postgres', committed),
      },
      countCheck: { expected, rows, refused },
      profileWindow: window.monotonic,
      details: {
        accepted: accepted(),
        probes: system.probes,
        refused,
        errors,
        skipped: loads.reduce((sum, load) => sum + load.tally.skipped, 0),
        unanswered: loads.reduce((sum, load) => sum + load.tally.inFlight, 0),
        catchUpMs,
        usage: window.usage,
        subscriberMetrics: await system.subscriberMetrics(),
      },
    },
  };
}
