import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A wrong command line: the tool prints what is wrong and its usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What parseCommandLine read: the options' values and the positionals. */
export type CommandLine<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * A tool's arguments read by node:util's parseArgs (strict, positionals allowed): an unknown
 * option, a missing value and `-h`/`--help` are UsageErrors (help with no message: the usage alone).
 */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(
  args: string[],
  options: O,
): CommandLine<O> {
  const read = () => {
    try {
      return parseArgs({
        args,
        options: { ...options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      const code = String((err as { code?: unknown }).code);
      if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message);
      throw err;
    }
  };
  const parsed = read();
  if ((parsed.values as { help?: boolean }).help === true) throw new UsageError('');
  return parsed;
}

export interface Tool<C> {
  /** The tool's name, the start of each line it writes on stderr. */
  name: string;
  usage: string;
  /** The command line read into a command; a UsageError when it is wrong. */
  parse: (args: string[]) => C;
  /** Does the work; a UsageError it throws is a wrong command line too. */
  run: (command: C) => Promise<void>;
  /** What precedes a failure's message (default: the name), e.g. `devices add`. */
  label?: (command: C) => string;
  /** A failure in words (default: its message). */
  describe?: (err: unknown) => string;
}

/**
 * A command-line tool's main, as runApp is an app's: exit 0 when done; a wrong command line is
 * what is wrong and the usage on stderr, exit 2; any other failure is one line on stderr, exit 1,
 * never a stack trace.
 */
export function runTool<C>({
  name,
  usage,
  parse,
  run,
  label = () => name,
  describe = (err) => (err instanceof Error ? err.message : String(err)),
}: Tool<C>): void {
  const wrongUse = (err: UsageError) => {
    process.stderr.write(err.message ? `${name}: ${err.message}\n\n${usage}\n` : `${usage}\n`);
    process.exit(2);
  };
  let command: C;
  try {
    command = parse(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return wrongUse(err);
  }
  // a run that throws before its first await fails the same way as one that rejects
  Promise.resolve()
    .then(() => run(command))
    .then(
      () => process.exit(0),
      (err: unknown) => {
        if (err instanceof UsageError) return wrongUse(err);
        process.stderr.write(`${label(command)}: ${describe(err).split('\n').join(' ')}\n`);
        process.exit(1);
      },
    );
}
