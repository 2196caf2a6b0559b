import { ResourceSampler } from '../metrics/sampler.js';

/** A sampler of the named processes, the bench itself (the load clients) included. */
export function sampleProcesses(pids: Record<string, number | undefined>): ResourceSampler {
  const sampler = new ResourceSampler();
  sampler.watch('bench', process.pid);
  for (const [name, pid] of Object.entries(pids)) sampler.watch(name, pid);
  return sampler;
}
