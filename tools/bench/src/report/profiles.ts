import { basename } from 'node:path';
import type { ScenarioResult } from '../run/runner.js';

/** The top frames and packages of the first profiled run of each scenario. */
export function formatProfiles(results: ScenarioResult[], top = 12): string {
  const lines: string[] = [];
  for (const result of results) {
    const run = result.runs.find((r) => r.profiles && r.profiles.length > 0);
    for (const profile of run?.profiles ?? []) {
      const process = basename(profile.file, '.cpuprofile');
      lines.push(
        '',
        `${result.name} run ${run!.run}, ${process}: ${(profile.busyMs / 1000).toFixed(1)} s of CPU ` +
          `${profile.windowed ? 'in the measured window' : 'over its life'} (${profile.file})`,
        `  by package: ${profile.byPackage
          .slice(0, 8)
          .map((p) => `${p.frame} ${p.percent}%`)
          .join(', ')}`,
        ...profile.topFrames
          .slice(0, top)
          .map((f) => `  ${f.percent.toFixed(1).padStart(5)}%  ${f.frame}`),
      );
    }
  }
  return lines.join('\n');
}
