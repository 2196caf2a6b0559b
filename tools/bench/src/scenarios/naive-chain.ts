import { createReadingTables } from '../env/tables.js';
import { fixedRate, saturate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { ReadingSource } from '../load/readings.js';
import { commitSpan, countRows, latency, waitForRows } from '../metrics/rows.js';
import { freshDatabase, startBroker, startHelper } from '../run/helpers.js';
import { perSecond, sleep } from '../run/window.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import type { BenchDatabase } from '../env/database.js';

const TABLES = ['temperature'];
/** Offered rates tried: from 0.8 x the capacity a burst showed, 15% more each step. */
const FIRST_STEP = 0.8;
const STEP_FACTOR = 1.15;
const MAX_P99_MS = 1000;

export const naiveChain: Scenario = {
  name: 'naive-chain',
  group: 'baseline',
  description:
    "the seed's design: one subscriber, one autocommitted INSERT per MQTT message; the highest " +
    'rate it sustains with p99 send-to-commit latency under 1 s',
  figures: [
    { key: 'sustained', label: 'sustained rows/s (p99 < 1 s)' },
    { key: 'capacity', label: 'burst drain rows/s' },
    { key: 'p99', label: 'p99 ms at that rate', digits: 1 },
  ],
  async run(ctx) {
    const [broker, db] = await Promise.all([startBroker(ctx), freshDatabase(ctx)]);
    await createReadingTables(db);
    const source = new ReadingSource('temperature');
    await startHelper(ctx, 'naive-subscriber', {
      MQTT_URL: broker.url,
      DATABASE_URL: db.url,
      TOPIC: source.topic,
    });
    const publisher = await MqttLoadPublisher.connect(broker.url, [source]);
    ctx.defer(() => publisher.close());

    // capacity: how fast it stores a burst queued on the broker (also the warm-up)
    const since = new Date();
    const burst = ctx.options.quick ? 1000 : 5000;
    await saturate(publisher, 1000, burst).stop();
    await waitForRows(db, TABLES, burst, { settleMs: 0 });
    const span = await commitSpan(db, TABLES, since);
    const capacity = perSecond(span.rows, span.seconds);

    // then rising fixed rates until one is not sustained; the run's duration covers ~5 steps
    const stepMs = Math.max(1000, ctx.options.durationMs / 5);
    const steps: Step[] = [];
    let rate = Math.max(1, Math.round(capacity * FIRST_STEP));
    const maxSteps = ctx.options.quick ? 3 : 12;
    while (steps.length < maxSteps) {
      const step = await runStep(ctx, publisher, db, rate, stepMs);
      steps.push(step);
      if (!step.sustained) break;
      rate = Math.round(rate * STEP_FACTOR);
    }
    const best = steps.filter((s) => s.sustained).at(-1);
    return {
      figures: { sustained: best?.rowsPerSecond ?? 0, capacity, p99: best?.p99 ?? 0 },
      details: { burst, steps },
    };
  },
};

interface Step {
  offered: number;
  sent: number;
  rowsPerSecond: number;
  stored: number;
  p99: number;
  sustained: boolean;
}

/**
 * Publishes at `rate` for `ms`. Sustained when every reading of the step is stored within 1 s of
 * its end (a backlog means later readings wait longer) and p99 latency is under 1 s.
 */
async function runStep(
  ctx: ScenarioContext,
  publisher: MqttLoadPublisher,
  db: BenchDatabase,
  rate: number,
  ms: number,
): Promise<Step> {
  const before = await countRows(db, TABLES);
  const from = new Date();
  const load = fixedRate(publisher, rate);
  await sleep(ms);
  const to = new Date();
  await load.stop();
  const sent = load.tally.accepted;
  const deadline = to.getTime() + MAX_P99_MS;
  let stored = (await countRows(db, TABLES)) - before;
  while (stored < sent && Date.now() < deadline) {
    await sleep(50);
    stored = (await countRows(db, TABLES)) - before;
  }
  const { p99 } = await latency(db, TABLES, from, to);
  const step: Step = {
    offered: rate,
    sent,
    rowsPerSecond: perSecond(sent, ms / 1000),
    stored,
    p99: Math.round(p99 * 10) / 10,
    sustained: stored >= sent && p99 < MAX_P99_MS,
  };
  ctx.log(
    `  naive-chain at ${rate}/s: ${stored}/${sent} stored, p99 ${step.p99} ms -> ${step.sustained ? 'sustained' : 'not sustained'}`,
  );
  return step;
}
