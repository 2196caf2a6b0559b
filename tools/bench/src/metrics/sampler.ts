import { readMachineCpu, readProcStats, type ProcStats } from './proc-stats.js';

export interface ProcessUsage {
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
 * peak CPU, and peak RSS. Processes may be added while it runs (a restarted subscriber).
 */
export class ResourceSampler {
  private readonly watched = new Map<string, number>();
  private readonly first = new Map<string, { stats: ProcStats; at: number }>();
  private readonly last = new Map<string, { stats: ProcStats; at: number }>();
  private readonly peakCpu = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private machineStart = readMachineCpu();

  constructor(private readonly intervalMs = 500) {}

  watch(name: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.watched.set(name, pid);
    this.first.delete(name);
    this.last.delete(name);
    if (this.timer) this.sampleOne(name, pid, performance.now());
  }

  start(): void {
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
      processes[name] = {
        cpuPercent: round(((last.stats.cpuSeconds - first.stats.cpuSeconds) / seconds) * 100),
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
    for (const [name, pid] of this.watched) this.sampleOne(name, pid, now);
  }

  private sampleOne(name: string, pid: number, now: number): void {
    const stats = readProcStats(pid);
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
}

const round = (value: number) => Math.round(value * 10) / 10;
