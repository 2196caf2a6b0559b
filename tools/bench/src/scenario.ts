import type { DatabaseServer } from './env/database.js';
import type { BenchOptions } from './options.js';

export interface FigureSpec {
  key: string;
  label: string;
  /** Decimal places shown (default 0). */
  digits?: number;
}

export interface RunOutcome {
  figures: Record<string, number>;
  /** For scenarios that store readings: every accepted reading stored exactly once. */
  countCheck?: CountCheck;
  details?: Record<string, unknown>;
  /** The measured part of the run on the monotonic clock (µs): CPU profiles are cut to it. */
  profileWindow?: [number, number];
}

export interface CountCheck {
  /** Readings the clients were told were accepted (plus the bench's own probes). */
  expected: number;
  rows: number;
  /** Readings the gateway refused (e.g. 503 after its publish timeout). */
  refused?: number;
}

/** Why a count check failed, or undefined when rows == accepted. */
export function countProblem({ expected, rows, refused = 0 }: CountCheck): string | undefined {
  if (rows === expected) return undefined;
  const head = `count check failed: ${rows} rows for ${expected} accepted readings`;
  if (rows < expected) return `${head}: ${expected - rows} accepted readings were not stored`;
  if (rows <= expected + refused) {
    return (
      `${head}: the ${rows - expected} extra rows are among the ${refused} readings the gateway ` +
      'refused (e.g. its publish timeout) that reached the broker anyway'
    );
  }
  return `${head}: ${rows - expected - refused} more rows than readings sent`;
}

export interface ScenarioContext {
  readonly options: BenchOptions;
  readonly database: DatabaseServer;
  readonly scenario: string;
  /** 1-based. */
  readonly run: number;
  log(line: string): void;
  /** Registers a clean-up, run in reverse order when the run ends, failed or not. */
  defer(cleanup: () => unknown): void;
  /** Node flags for a process of the system under test (--cpu-prof when asked for). */
  profileArgs(process: string): string[];
}

export interface Scenario {
  name: string;
  group: 'baseline' | 'system';
  description: string;
  figures: FigureSpec[];
  run(ctx: ScenarioContext): Promise<RunOutcome>;
}
