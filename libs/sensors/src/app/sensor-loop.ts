import type { Reading, ReadingKind } from '@healthcare/contracts';
import { Logger, type LoggerService } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import type { Outcome, RetryEvent, SensorClient } from '../outcome.js';
import { pause, shutdownController } from '../retry.js';

export interface SensorLoopOptions<K extends ReadingKind> {
  /** Builds the one client all devices share; the loop listens to its retries. */
  createClient: (onRetry: (event: RetryEvent) => void) => SensorClient<K>;
  generate: (sensorId: string) => Reading<K>;
  sensorIds: string[];
  intervalMs: number;
  logger?: LoggerService;
  /** With many devices, per-reading lines go to debug and a summary goes out every 10 s. */
  summaryEveryMs?: number;
  /** Rewritten after every reading the gateway accepted: a container healthcheck reads its age. */
  heartbeatFile?: string;
  /** Asked before each reading: true when the device's token changed, so a new client is built. */
  tokenChanged?: () => boolean;
}

/**
 * Runs simulated devices: each sends a reading every `intervalMs` (devices spread over the
 * interval) and waits for its answer before the next one, so a device whose gateway is away
 * holds one reading and retries it rather than piling them up.
 */
export class SensorLoop<K extends ReadingKind> {
  private client: SensorClient<K>;
  private readonly logger: LoggerService;
  private readonly stopping = shutdownController();
  private readonly inFlight = new Set<Promise<Outcome>>();
  private devices: Promise<void>[] = [];
  private summary?: NodeJS.Timeout;
  private gatewayAway = false;
  /** Whether the gateway has answered once: before that, waiting for it is the normal start. */
  private reached = false;
  private readonly totals = newCounts();
  private recent = newCounts();

  constructor(private readonly options: SensorLoopOptions<K>) {
    this.logger = options.logger ?? new Logger('Sensor');
    this.client = options.createClient((event) => this.onRetry(event));
  }

  start(): void {
    const { sensorIds, intervalMs } = this.options;
    this.logger.log(
      `${sensorIds.length} ${this.client.kind} device(s) ${describeIds(sensorIds)}, ` +
        `one reading every ${intervalMs} ms each`,
    );
    this.devices = sensorIds.map((id, i) =>
      this.runDevice(id, Math.floor((i * intervalMs) / sensorIds.length)),
    );
    // a line per reading is for debugging; what a person reads is a summary now and then
    const every = this.options.summaryEveryMs ?? 30_000;
    this.summary = setInterval(() => this.logSummary(every), every);
    this.summary.unref();
  }

  /** Stops the devices; readings in flight get `graceMs` to be answered, then are abandoned. */
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    clearInterval(this.summary);
    if (this.inFlight.size > 0) {
      this.logger.log(`waiting up to ${graceMs} ms for ${this.inFlight.size} reading(s) in flight`);
      const timer = new AbortController();
      await Promise.race([Promise.allSettled([...this.inFlight]), pause(graceMs, timer.signal)]);
      timer.abort();
    }
    await this.client.close();
    await Promise.all(this.devices);
    const { accepted, rejected, abandoned } = this.totals;
    this.logger.log(
      `stopped: ${accepted} reading(s) received by the gateway, ${rejected} rejected, ` +
        `${abandoned} abandoned`,
    );
  }

  private async runDevice(sensorId: string, offsetMs: number): Promise<void> {
    const { intervalMs } = this.options;
    let slot = Date.now() + offsetMs;
    while (await pause(slot - Date.now(), this.stopping.signal)) {
      if (this.options.tokenChanged?.()) this.renewClient();
      const reading = this.options.generate(sensorId);
      const sending = this.client.send(reading);
      this.inFlight.add(sending);
      const outcome = await sending;
      this.inFlight.delete(sending);
      this.report(reading, outcome);
      // the next slot still ahead: a device that waited long for the gateway skips the missed ones
      const now = Date.now();
      slot += intervalMs * Math.max(1, Math.ceil((now - slot) / intervalMs));
    }
  }

  /** The clients send the token they were built with; the old one's connections are closed. */
  private renewClient(): void {
    const old = this.client;
    this.client = this.options.createClient((event) => this.onRetry(event));
    this.logger.log("the device's token changed: sending with the new one from now on");
    old.close().catch(() => undefined);
  }

  private report(reading: Reading<K>, outcome: Outcome): void {
    const what = `${reading.sensor_id} ${describe(reading)} at ${reading.date}`;
    const tries = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '';
    switch (outcome.status) {
      case 'accepted':
        this.count('accepted');
        this.beat(reading.date);
        if (this.gatewayAway) {
          this.gatewayAway = false;
          this.logger.log(this.reached ? 'the gateway is answering again' : 'reached the gateway');
        }
        this.reached = true;
        this.logger.debug?.(`sent ${what}: received${tries}`);
        break;
      case 'rejected':
        this.count('rejected');
        this.reached = true;
        this.logger.warn(`sent ${what}: rejected (${outcome.code}) ${outcome.message}`);
        break;
      case 'abandoned':
        this.count('abandoned');
        this.logger.debug?.(`${what} abandoned: ${outcome.message}`);
        break;
    }
  }

  private beat(date: string): void {
    const file = this.options.heartbeatFile;
    if (file) writeFile(file, `${date}\n`).catch(() => undefined);
  }

  private count(status: Outcome['status']): void {
    this.totals[status]++;
    this.recent[status]++;
  }

  private onRetry(event: RetryEvent): void {
    this.logger.debug?.(
      `${event.sensorId}: ${event.reason}; attempt ${event.attempt + 1} in ${event.delayMs} ms`,
    );
    if (this.gatewayAway || this.stopping.signal.aborted) return;
    this.gatewayAway = true;
    if (this.reached) {
      this.logger.warn(`gateway unavailable (${event.reason}); retrying with backoff`);
    } else {
      this.logger.log(`waiting for the gateway (${event.reason}); retrying with backoff`);
    }
  }

  private logSummary(everyMs: number): void {
    const { accepted, rejected, abandoned } = this.recent;
    this.recent = newCounts();
    this.logger.log(
      `last ${everyMs / 1000} s: ${accepted} reading(s) received, ${rejected} rejected, ` +
        `${abandoned} abandoned, ${this.inFlight.size} waiting for the gateway`,
    );
  }
}

function newCounts(): Record<Outcome['status'], number> {
  return { accepted: 0, rejected: 0, abandoned: 0 };
}

function describe(reading: Reading): string {
  if ('systolic' in reading) return `${reading.systolic}/${reading.diastolic} ${reading.unit}`;
  return `${reading.value} ${reading.unit}`;
}

function describeIds(ids: string[]): string {
  return ids.length === 1 ? ids[0] : `${ids[0]}..${ids[ids.length - 1]}`;
}
