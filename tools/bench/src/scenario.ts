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
  countCheck?: { expected: number; rows: number };
  details?: Record<string, unknown>;
  /** The measured part of the run on the monotonic clock (µs): CPU profiles are cut to it. */
  profileWindow?: [number, number];
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
