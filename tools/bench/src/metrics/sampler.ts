import { readMachineCpu, readProcStats, type ProcStats } from './proc-stats.js';

export interface ProcessUsage {
  /** CPU time (user + system) used over the window. */
  cpuSeconds: number;
  /** Mean CPU over the window, in % of one core. */
  cpuPercent: number;
  /** The highest CPU of any sampling interval in the window, in % of one core. */
  peakCpuPercent: number;
  /** Peak resident set since the process started (VmHWM), up to the window's end. */
  peakRssMb: number;
}

export interface WindowUsage {
  processes: Record<string, ProcessUsage>;
  /** The whole machine's busy share over the window, in % of all cores (other users included). */
  machineBusyPercent: number;
}

/**
 * Samples /proc every `intervalMs` for the watched processes between start() and stop(): mean and
 * peak CPU, and peak RSS. Processes may be added while it runs (a restarted subscriber). A name
 * may stand for several processes (PostgreSQL's backends of one database): their figures are
 * summed, and one that ends keeps counting what it used until then.
 */
export class ResourceSampler {
  private readonly watched = new Map<string, number[]>();
  /** The last reading of each process of a group, by pid. */
  private readonly members = new Map<string, Map<number, ProcStats>>();
  private readonly first = new Map<string, { stats: ProcStats; at: number }>();
  private readonly last = new Map<string, { stats: ProcStats; at: number }>();
  private readonly peakCpu = new Map<string, number>();
  /** Groups whose processes are known only once the window starts. */
  private readonly resolvers = new Map<string, () => Promise<number[]>>();
  private timer?: NodeJS.Timeout;
  private machineStart = readMachineCpu();

  constructor(private readonly intervalMs = 500) {}

  watch(name: string, pid: number | number[] | undefined): void {
    if (pid === undefined) return;
    const pids = Array.isArray(pid) ? pid : [pid];
    if (pids.length === 0) return;
    this.watched.set(name, pids);
    this.members.delete(name);
    this.first.delete(name);
    this.last.delete(name);
    if (this.timer) this.sampleOne(name, pids, performance.now());
  }

  /** Watches the processes `pids` names when the window starts (connections made during warm-up). */
  watchAtStart(name: string, pids: () => Promise<number[]>): void {
    this.resolvers.set(name, pids);
  }

  async start(): Promise<void> {
    for (const [name, resolve] of this.resolvers) this.watch(name, await resolve());
    this.machineStart = readMachineCpu();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): WindowUsage {
    this.sample();
    clearInterval(this.timer);
    this.timer = undefined;
    const machine = readMachineCpu();
    const processes: Record<string, ProcessUsage> = {};
    for (const [name, last] of this.last) {
      const first = this.first.get(name)!;
      const seconds = Math.max(0.001, (last.at - first.at) / 1000);
      const cpuSeconds = last.stats.cpuSeconds - first.stats.cpuSeconds;
      processes[name] = {
        cpuSeconds: Math.round(cpuSeconds * 1000) / 1000,
        cpuPercent: round((cpuSeconds / seconds) * 100),
        peakCpuPercent: round(this.peakCpu.get(name) ?? 0),
        peakRssMb: round(last.stats.peakRssBytes / 2 ** 20),
      };
    }
    const total = machine.total - this.machineStart.total;
    const busy = machine.busy - this.machineStart.busy;
    return { processes, machineBusyPercent: round(total > 0 ? (busy / total) * 100 : 0) };
  }

  private sample(): void {
    const now = performance.now();
    for (const [name, pids] of this.watched) this.sampleOne(name, pids, now);
  }

  private sampleOne(name: string, pids: number[], now: number): void {
    const stats = pids.length === 1 ? readProcStats(pids[0]) : this.readGroup(name, pids);
    if (!stats) return;
    const previous = this.last.get(name);
    if (previous && now > previous.at) {
      const percent =
        ((stats.cpuSeconds - previous.stats.cpuSeconds) / ((now - previous.at) / 1000)) * 100;
      this.peakCpu.set(name, Math.max(this.peakCpu.get(name) ?? 0, percent));
    }
    if (!this.first.has(name)) this.first.set(name, { stats, at: now });
    this.last.set(name, { stats, at: now });
  }

  private readGroup(name: string, pids: number[]): ProcStats | undefined {
    let members = this.members.get(name);
    if (!members) this.members.set(name, (members = new Map<number, ProcStats>()));
    for (const pid of pids) {
      const stats = readProcStats(pid);
      if (stats) members.set(pid, stats);
    }
    if (members.size === 0) return undefined;
    const sum = { cpuSeconds: 0, rssBytes: 0, peakRssBytes: 0 };
    for (const stats of members.values()) {
      sum.cpuSeconds += stats.cpuSeconds;
      sum.rssBytes += stats.rssBytes;
      sum.peakRssBytes += stats.peakRssBytes;
    }
    return sum;
  }
}

const round = (value: number) => Math.round(value * 10) / 10;
