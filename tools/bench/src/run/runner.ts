import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseServer } from '../env/database.js';
import { median } from '../metrics/stats.js';
import type { BenchOptions } from '../options.js';
import { summariseProfiles, type ProfileSummary } from '../report/profile-summary.js';
import {
  countProblem,
  type FigureSpec,
  type RunOutcome,
  type Scenario,
  type ScenarioContext,
} from '../scenario.js';

export interface RunRecord extends Partial<RunOutcome> {
  run: number;
  ok: boolean;
  error?: string;
  seconds: number;
  profiles?: ProfileSummary[];
}

export interface ScenarioResult {
  name: string;
  group: Scenario['group'];
  description: string;
  figures: FigureSpec[];
  runs: RunRecord[];
  /** Per figure, the median over the runs that completed. */
  median: Record<string, number>;
}

/** Clean-ups of the run in progress, so that an interrupt can stop what it started. */
let cleanups: (() => unknown)[] = [];

export async function cleanUpCurrentRun(log: (line: string) => void): Promise<void> {
  const pending = cleanups.reverse();
  cleanups = [];
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch (err) {
      log(`clean-up failed: ${(err as Error).message}`);
    }
  }
}

/**
 * Runs the scenarios `options.runs` times in rounds (every scenario once per round), so that the
 * machine's drift touches the baselines and the system alike, and takes each figure's median.
 */
export async function runScenarios(
  scenarios: Scenario[],
  options: BenchOptions,
  database: DatabaseServer,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const runs = new Map<Scenario, RunRecord[]>(scenarios.map((s) => [s, []]));
  for (let run = 1; run <= options.runs; run++) {
    if (options.runs > 1) log(`round ${run} of ${options.runs}`);
    for (const scenario of scenarios) {
      if (run === 1) log(`${scenario.name}: ${scenario.description}`);
      const record = await runOnce(scenario, run, options, database, log);
      runs.get(scenario)!.push(record);
      log(describeRun(scenario, record, options.runs));
    }
  }
  return scenarios.map((scenario) => {
    const records = runs.get(scenario)!;
    const completed = records.filter((r) => r.figures);
    return {
      name: scenario.name,
      group: scenario.group,
      description: scenario.description,
      figures: scenario.figures,
      runs: records,
      median: Object.fromEntries(
        scenario.figures.map((f) => [f.key, median(completed.map((r) => r.figures![f.key]))]),
      ),
    };
  });
}

async function runOnce(
  scenario: Scenario,
  run: number,
  options: BenchOptions,
  database: DatabaseServer,
  log: (line: string) => void,
): Promise<RunRecord> {
  const profileDir = join(dirname(options.out), 'profiles', `${scenario.name}-run${run}`);
  const ctx: ScenarioContext = {
    options,
    database,
    scenario: scenario.name,
    run,
    log,
    defer: (cleanup) => cleanups.push(cleanup),
    profileArgs: (process) => {
      if (!options.cpuProf) return [];
      mkdirSync(profileDir, { recursive: true });
      return [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        `--cpu-prof-name=${process}.cpuprofile`,
      ];
    },
  };
  const begin = performance.now();
  let record: RunRecord;
  try {
    const outcome = await scenario.run(ctx);
    const problem = outcome.countCheck && countProblem(outcome.countCheck);
    record = { run, ok: !problem, ...outcome, seconds: 0, error: problem };
  } catch (err) {
    record = { run, ok: false, error: (err as Error).message, seconds: 0 };
  } finally {
    await cleanUpCurrentRun(log);
  }
  record.seconds = Math.round((performance.now() - begin) / 100) / 10;
  if (options.cpuProf) record.profiles = summariseProfiles(profileDir, record.profileWindow);
  return record;
}

function describeRun(scenario: Scenario, record: RunRecord, runs: number): string {
  const head = `${scenario.name} run ${record.run}/${runs} (${record.seconds} s):`;
  if (!record.figures) return `${head} FAILED: ${record.error}`;
  const figures = scenario.figures
    .filter((f) => f.key in record.figures!)
    .map((f) => `${f.label} ${record.figures![f.key].toLocaleString('en-US')}`)
    .join(', ');
  const check = record.countCheck
    ? `; count ${record.countCheck.rows} rows / ${record.countCheck.expected} accepted ${record.countCheck.rows === record.countCheck.expected ? 'ok' : 'MISMATCH'}`
    : '';
  return `${head} ${figures}${check}${record.error ? ` FAILED: ${record.error}` : ''}`;
}
