import { parseCommandLine, UsageError } from '@healthcare/config';
import { parseDuration } from './duration.js';

export const USAGE = `usage: pnpm devices <command> [options]

The device registry: which devices may send readings to the gateway, with which token.
Reads DATABASE_URL (default postgres://postgres:postgres@localhost:5432/healthcare) and creates
the database and its tables when they are missing.

commands:
  add <sensor_id> --kind <temperature|pressure|heartRate>
                       a new device; prints its token (alone on the last line), shown only once
  rotate <sensor_id> [--grace <duration>]
                       a new token; the old ones stay valid for the grace (default 0: they end
                       now), e.g. --grace 1h, 30m, 90s, 7d
  disable <sensor_id>  refuse the device's readings (gateways follow within seconds and close its
                       open WebSockets); its tokens are kept
  enable <sensor_id>   accept them again
  list                 every device, its kind, state and how long its tokens last (no secrets)

options of add and rotate:
  --out <file>         also write the token to this file (mode 600), e.g. for a container
  --if-exists rotate   add: a device that exists gets a new token as rotate gives it (default: an
                       error), for scripts that run again`;

export type Command =
  | {
      name: 'add';
      id: string;
      kind: string;
      out?: string;
      ifExists: 'fail' | 'rotate';
      graceMs: number;
    }
  | { name: 'rotate'; id: string; graceMs: number; out?: string }
  | { name: 'disable' | 'enable'; id: string }
  | { name: 'list' };

/** The command line as a command, or a UsageError naming what is wrong. */
export function parseCommand(args: string[]): Command {
  const { values, positionals } = parseCommandLine(args, {
    kind: { type: 'string' },
    grace: { type: 'string' },
    out: { type: 'string' },
    'if-exists': { type: 'string' },
  });
  const [name, id, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const graceMs = grace(values.grace);
  const only = (allowed: string[]) => {
    for (const option of ['kind', 'grace', 'out', 'if-exists'] as const) {
      if (values[option] !== undefined && !allowed.includes(option)) {
        throw new UsageError(`${name} takes no --${option}`);
      }
    }
  };
  switch (name) {
    case 'add': {
      only(['kind', 'grace', 'out', 'if-exists']);
      const ifExists = values['if-exists'] ?? 'fail';
      if (ifExists !== 'fail' && ifExists !== 'rotate') {
        throw new UsageError(`--if-exists must be fail or rotate (got "${ifExists}")`);
      }
      if (values.kind === undefined) throw new UsageError('add needs --kind');
      return { name, id: need(name, id), kind: values.kind, out: values.out, ifExists, graceMs };
    }
    case 'rotate':
      only(['grace', 'out']);
      return { name, id: need(name, id), graceMs, out: values.out };
    case 'disable':
    case 'enable':
      only([]);
      return { name, id: need(name, id) };
    case 'list':
      only([]);
      if (id !== undefined) throw new UsageError(`unexpected arguments: ${id}`);
      return { name };
    default:
      throw new UsageError(name === undefined ? '' : `unknown command "${name}"`);
  }
}

function need(command: string, id: string | undefined): string {
  if (id === undefined) throw new UsageError(`${command} needs a sensor_id`);
  return id;
}

function grace(text: string | undefined): number {
  if (text === undefined) return 0;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UsageError(`--grace must be a duration such as 1h, 30m, 90s or 0 (got "${text}")`);
  }
  return ms;
}
