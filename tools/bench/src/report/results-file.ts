import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Machine } from '../metrics/machine.js';
import type { BenchOptions } from '../options.js';
import type { ScenarioResult } from '../run/runner.js';
import type { Verdict } from './targets.js';

export interface ResultsFile {
  startedAt: string;
  finishedAt: string;
  /** Every scenario completed and every count check held. */
  ok: boolean;
  machine: Machine & { loadAverageAtEnd: number[] };
  versions: Record<string, string>;
  configuration: {
    options: BenchOptions;
    loadSettings: unknown;
    database: string;
    broker: string;
    /** BENCH_BROKER_CONFIG's lines, after the project's config. */
    brokerConfig: string[];
    /** App settings passed through from the bench's environment. */
    appEnvironment: Record<string, string>;
  };
  scenarios: ScenarioResult[];
  verdicts: Verdict[];
}

export function writeResults(file: string, results: ResultsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
