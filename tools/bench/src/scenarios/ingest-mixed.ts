import { fixedRate } from '../load/drive.js';
import { connectClient, PROTOCOL_KIND, type Protocol } from '../load/protocols.js';
import { READING_TABLES } from '@healthcare/testing';
import { ALL_TABLES, type System } from '../env/system.js';
import { latency } from '../metrics/rows.js';
import { measureIngest, RESOURCE_FIGURES, type IngestMeasurement } from '../run/ingest.js';
import type { FigureSpec, RunOutcome, Scenario, ScenarioContext } from '../scenario.js';

const PROTOCOLS: Protocol[] = ['rest', 'ws', 'grpc'];

/** The figures of ingest-mixed, also those of the ingest in read-during-ingest. */
export const MIXED_FIGURES: FigureSpec[] = [
  { key: 'p50', label: 'p50 send-to-commit ms', digits: 1 },
  { key: 'p95', label: 'p95 ms', digits: 1 },
  { key: 'p99', label: 'p99 ms', digits: 1 },
  { key: 'accepted', label: 'readings accepted/s' },
  ...RESOURCE_FIGURES,
];

export const ingestMixed: Scenario = {
  name: 'ingest-mixed',
  group: 'system',
  description:
    'REST, WebSocket and gRPC together at a fixed total rate (default 2,000 readings/s): ' +
    "latency from the client's send to the row's commit (stored_at - timestamp)",
  figures: MIXED_FIGURES,
  run: async (ctx) => (await measureMixed(ctx)).outcome,
};

/**
 * The three protocols together at `totalRate` (default --mixed-rate) through the gateway, and the
 * send-to-commit latency of the readings sent in the window. `beside`, when given, starts what is
 * to run meanwhile (once the system is up, before the load).
 */
export async function measureMixed(
  ctx: ScenarioContext,
  beside?: (system: System) => Promise<void>,
  totalRate = ctx.options.mixedRate,
): Promise<IngestMeasurement & { outcome: RunOutcome }> {
  const rate = totalRate / PROTOCOLS.length;
  const measured = await measureIngest(ctx, async (system) => {
    await beside?.(system);
    const clients = await Promise.all(
      PROTOCOLS.map((p) => connectClient(p, system.endpoint, system.tokens[p])),
    );
    for (const client of clients) ctx.defer(() => client.close());
    return clients.map((client) => fixedRate(client, rate));
  });
  const { system, window, loads, outcome } = measured;
  const sent = await latency(system.db, ALL_TABLES, window.from, window.to);
  // per protocol: which one holds the latency back
  const byProtocol = Object.fromEntries(
    await Promise.all(
      PROTOCOLS.map(async (protocol, i) => [
        protocol,
        {
          accepted: loads[i].tally.accepted,
          refused: loads[i].tally.refused,
          skipped: loads[i].tally.skipped,
          latency: await latency(
            system.db,
            [READING_TABLES[PROTOCOL_KIND[protocol]]],
            window.from,
            window.to,
          ),
        },
      ]),
    ),
  ) as Record<Protocol, unknown>;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    ...measured,
    outcome: {
      ...outcome,
      figures: {
        p50: round(sent.p50),
        p95: round(sent.p95),
        p99: round(sent.p99),
        ...outcome.figures,
      },
      details: {
        ...outcome.details,
        latency: sent,
        byProtocol,
        offeredRate: totalRate,
      },
    },
  };
}
