import { join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace.js';

export interface BenchOptions {
  /** CI smoke mode: short scenarios, one run; checks completion and counts, never speed. */
  quick: boolean;
  durationMs: number;
  warmupMs: number;
  runs: number;
  /** Scenario names to run (all when undefined). */
  only?: string[];
  /** Readings queued on the broker for `drain`. */
  drainCount: number;
  /** Rows stored before `read-api` measures reads. */
  readRows: number;
  /** Readings/s of `ingest-mixed`, split over the three protocols. */
  mixedRate: number;
  /**
   * Readings/s of the ingest in `read-during-ingest`: below what the machine sustains, so that
   * what the readers add to its latency shows rather than a saturated system's queueing.
   */
  readIngestRate: number;
  /**
   * Measured ms of each baseline run again at an ingest scenario's own rate after it (the bare
   * and floor servers, the plain and floor subscribers); 0 leaves that phase out.
   */
  matchedMs: number;
  /** Run the gateway and subscriber under `node --cpu-prof` and summarise the profiles. */
  cpuProf: boolean;
  /** The results file. */
  out: string;
}

export const USAGE = `pnpm bench [-- options]
  --quick              a few seconds per scenario, one run (CI smoke test: completion and counts only)
  --duration <s>       measured seconds per run (default 15; quick 3)
  --warmup <s>         seconds of load before the measurement (default 10; quick 0)
  --runs <n>           runs per scenario, the median is reported (default 3; quick 1)
  --only <a,b>         only these scenarios (repeatable)
  --drain-count <n>    readings queued for drain (default 200000; quick 5000)
  --mixed-rate <n>     readings/s of ingest-mixed (default 2000)
  --read-ingest-rate <n>  readings/s of the ingest in read-during-ingest, with and without readers (default 500)
  --read-rows <n>      rows stored before read-api reads them (default 10000000; quick 100000)
  --matched <s>        after each ingest-*, measured seconds of each baseline at its rate (default
                       as --duration, after --warmup; quick 0; 0 = none)
  --cpu-prof           profile the gateway and subscriber (node --cpu-prof) and print their top frames
  --out <file>         results file (default bench/results/latest.json)
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; an embedded
PostgreSQL is started when none answers); BENCH_BROKER_CONFIG (lines added to the broker's config,
; between them, e.g. 'autosave_interval 0'). App settings (BATCH_SIZE, FLUSH_MS, ...) set in the
environment reach the gateway and subscriber.`;

export class OptionsError extends Error {}

export function parseOptions(argv: string[], scenarios: string[]): BenchOptions {
  const args = argv.filter((arg) => arg !== '--');
  const quick = args.includes('--quick');
  const options: BenchOptions = {
    quick,
    durationMs: quick ? 3000 : 15_000,
    // the first seconds after the apps start carry JIT compilation and connection set-up:
    // measured, a 100-500 ms REST tail at 3 s of warm-up, none at 10 s. Quick runs judge no
    // figure, only completion and counts, which a warm-up does not change: none.
    warmupMs: quick ? 0 : 10_000,
    runs: quick ? 1 : 3,
    drainCount: quick ? 5000 : 200_000,
    readRows: quick ? 100_000 : 10_000_000,
    mixedRate: 2000,
    readIngestRate: 500,
    // resolved after the flags: as long as the measured window unless set
    matchedMs: NaN,
    cpuProf: false,
    out: join(WORKSPACE_ROOT, 'bench/results/latest.json'),
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--'))
        throw new OptionsError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--quick':
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--duration':
        options.durationMs = seconds(flag, value());
        break;
      case '--warmup':
        options.warmupMs = seconds(flag, value(), 0);
        break;
      case '--runs':
        options.runs = count(flag, value());
        break;
      case '--drain-count':
        options.drainCount = count(flag, value());
        break;
      case '--read-rows':
        options.readRows = count(flag, value());
        break;
      case '--mixed-rate':
        options.mixedRate = count(flag, value());
        break;
      case '--read-ingest-rate':
        options.readIngestRate = count(flag, value());
        break;
      case '--matched':
        options.matchedMs = seconds(flag, value(), 0);
        break;
      case '--out':
        options.out = value();
        break;
      case '--only': {
        const names = value().split(',').filter(Boolean);
        const unknown = names.filter((name) => !scenarios.includes(name));
        if (unknown.length > 0) {
          throw new OptionsError(
            `unknown scenario ${unknown.join(', ')}; scenarios: ${scenarios.join(', ')}`,
          );
        }
        options.only = [...(options.only ?? []), ...names];
        break;
      }
      default:
        throw new OptionsError(`unknown option ${flag}`);
    }
  }
  // quick runs judge no figure: the matched phase would only lengthen them
  if (Number.isNaN(options.matchedMs)) options.matchedMs = quick ? 0 : options.durationMs;
  return options;
}

function seconds(flag: string, text: string, min = 0.1): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new OptionsError(`${flag} must be a number of seconds >= ${min}`);
  }
  return Math.round(value * 1000);
}

function count(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new OptionsError(`${flag} must be a whole number >= 1`);
  return value;
}
