import { readFileSync } from 'node:fs';

interface Ancestor {
  pid: number;
  /** Start time in clock ticks since boot: tells the process apart from a later one with its pid. */
  startedAt: string;
}

/**
 * Calls `onGone` once the process that launched this one ends: `pnpm start`'s pnpm, or the
 * parent when there is no pnpm above. A SIGTERM sent to pnpm alone (a process manager, a closing
 * terminal) ends pnpm without passing it on, and would leave the pipeline running, orphaned.
 */
export function whenLauncherGone(onGone: () => void, intervalMs = 500): () => void {
  const watched = launchers();
  const timer = setInterval(() => {
    if (watched.every(isAlive)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent, up to and including the nearest pnpm above this process. */
function launchers(): Ancestor[] {
  const found: Ancestor[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 5 && pid > 1; depth++) {
    const stat = statOf(pid);
    if (!stat) break;
    found.push({ pid, startedAt: stat.startedAt });
    if (commandOf(pid).includes('pnpm')) return found;
    pid = stat.ppid;
  }
  return found.slice(0, 1);
}

function isAlive(ancestor: Ancestor): boolean {
  const stat = statOf(ancestor.pid);
  return stat !== undefined && stat.startedAt === ancestor.startedAt && stat.state !== 'Z';
}

function statOf(pid: number): { ppid: number; state: string; startedAt: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name in parentheses may hold spaces: the fields after it are fixed
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]), startedAt: fields[19] };
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
