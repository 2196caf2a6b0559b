import type { BenchDatabase } from '../env/database.js';
import { ResourceSampler, type WindowUsage } from '../metrics/sampler.js';
import type { FigureSpec } from '../scenario.js';

/**
 * A sampler of the named processes, the bench itself (the load clients) included, and of the
 * database's backends (PostgreSQL's share of the work) when one is given.
 */
export function sampleProcesses(
  pids: Record<string, number | undefined>,
  db?: BenchDatabase,
): ResourceSampler {
  const sampler = new ResourceSampler();
  sampler.watch('bench', process.pid);
  for (const [name, pid] of Object.entries(pids)) sampler.watch(name, pid);
  // readable in /proc only when the server runs on this machine; otherwise the figure is absent
  if (db) sampler.watchAtStart('postgres', () => db.backendPids().catch(() => []));
  return sampler;
}

/** µs of CPU the named process spent per item (reading, request, row) over the window; NaN when unknown. */
export function cpuMicrosPer(usage: WindowUsage | undefined, name: string, items: number): number {
  const seconds = usage?.processes[name]?.cpuSeconds;
  if (seconds === undefined || items <= 0) return NaN;
  return Math.round((seconds * 1e7) / items) / 10;
}

/** A CPU-per-item figure of the table. */
export const cpuFigure = (key: string, label: string): FigureSpec => ({
  key,
  label: `${label} CPU µs`,
  digits: 1,
});
