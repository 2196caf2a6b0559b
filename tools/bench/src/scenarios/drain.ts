import { ALL_TABLES, System } from '../env/system.js';
import { saturate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { LOAD_SETTINGS } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { commitSpan, waitForRows } from '../metrics/rows.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { monotonicMicros, perSecond } from '../run/window.js';
import type { Scenario } from '../scenario.js';

export const drain: Scenario = {
  name: 'drain',
  group: 'system',
  description:
    'readings queued on the broker while the subscriber is stopped (default 200,000, published ' +
    'straight to the broker on the three topics), then the subscriber started: rows/s until all are stored',
  figures: [
    { key: 'queued', label: 'readings/s queued (subscriber stopped)' },
    { key: 'rows', label: 'rows/s, first to last commit' },
    { key: 'wall', label: 'rows/s incl. subscriber start' },
    { key: 'subscriberRss', label: 'subscriber peak RSS MB' },
    { key: 'subscriberCpu', label: 'subscriber CPU %' },
    cpuFigure('subscriberUs', 'subscriber per row:'),
    cpuFigure('postgresUs', 'PostgreSQL backends per row:'),
  ],
  async run(ctx) {
    const count = ctx.options.drainCount;
    const system = await System.start(ctx, { gateway: false });
    await system.stopSubscriber();

    const sources = (['temperature', 'heartRate', 'pressure'] as const).map(
      (kind) => new ReadingSource(kind, 10_000),
    );
    const publisher = await MqttLoadPublisher.connect(system.broker.url, sources);
    ctx.defer(() => publisher.close());
    // the broker's periodic saves rewrite the whole queue: this figure shows what they cost
    const queueing = performance.now();
    const load = saturate(publisher, LOAD_SETTINGS.mqtt.window, count);
    while (load.tally.accepted + load.tally.refused < count) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (load.tally.refused > 0) {
      throw new Error(`the broker refused readings: ${JSON.stringify(load.tally.errorSummary())}`);
    }
    const queuedSeconds = (performance.now() - queueing) / 1000;
    ctx.log(`  drain: ${count} readings queued on the broker; starting the subscriber`);

    const started = new Date();
    const begin = performance.now();
    const monotonicFrom = monotonicMicros();
    const subscriber = await system.startSubscriber();
    const sampler = sampleProcesses(
      { subscriber: subscriber.pid, mosquitto: system.broker.pid },
      system.db,
    );
    await sampler.start();
    // stored before the sampler started: not part of its CPU figures
    const rowsBefore = await system.rows();
    const backlog = watchBacklog(system);
    const expected = count + system.probes;
    const rows = await waitForRows(system.db, ALL_TABLES, expected, { stallMs: 60_000 });
    const subscriberBacklog = await backlog.stop();
    const wallSeconds = (performance.now() - begin) / 1000;
    const usage = sampler.stop();
    const span = await commitSpan(system.db, ALL_TABLES, started);
    return {
      figures: {
        queued: perSecond(count, queuedSeconds),
        rows: perSecond(span.rows, span.seconds),
        wall: perSecond(span.rows, wallSeconds),
        subscriberRss: system.peakRssMb().subscriber,
        subscriberCpu: usage.processes.subscriber?.cpuPercent ?? 0,
        subscriberUs: cpuMicrosPer(usage, 'subscriber', rows - rowsBefore),
        postgresUs: cpuMicrosPer(usage, 'postgres', rows - rowsBefore),
      },
      countCheck: { expected, rows },
      profileWindow: [monotonicFrom, monotonicMicros()],
      details: {
        queued: count,
        queuedSeconds,
        drainedSeconds: span.seconds,
        wallSeconds,
        usage,
        subscriberBacklog,
      },
    };
  },
};

/**
 * The most messages the subscriber held at once while draining (its /metrics `heldAcks`, received
 * and not yet acknowledged, and `pending`, not yet committed): the broker's window bounds them.
 */
function watchBacklog(system: System): { stop(): Promise<{ heldAcks: number; pending: number }> } {
  const peak = { heldAcks: 0, pending: 0 };
  let running = true;
  const polling = (async () => {
    while (running) {
      const metrics = await system.subscriberMetrics();
      peak.heldAcks = Math.max(peak.heldAcks, metrics?.heldAcks ?? 0);
      peak.pending = Math.max(peak.pending, metrics?.pending ?? 0);
      // each poll renders the subscriber's /metrics, CPU charged to its rows: not too often
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await polling;
      return peak;
    },
  };
}
