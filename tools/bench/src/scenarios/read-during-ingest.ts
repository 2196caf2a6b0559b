import { startApi } from '../env/api.js';
import { ALL_TABLES, type System } from '../env/system.js';
import { ApiReaders, type ReadQuery } from '../load/api-readers.js';
import { PROTOCOL_KIND, sourceOf, type Protocol } from '../load/protocols.js';
import { latencyOver } from '../metrics/rows.js';
import { percentile } from '../metrics/stats.js';
import { RESOURCE_FIGURES } from '../run/ingest.js';
import { perSecond, sleep } from '../run/window.js';
import type { Scenario } from '../scenario.js';
import { measureMixed } from './ingest-mixed.js';

const READERS = 8;
const POLL_MS = 250;
const PAGE = 100;
/**
 * Patients for the FHIR search, each wearing a device with a stored history (the load's devices
 * are worn by patients of their own, scored as in ingest-mixed).
 */
const PATIENTS = 100;
const HISTORY_ROWS = 200;
/**
 * The readers poll for one slot and pause for the next, in turn, through warm-up and window: the
 * ingest with and without them is measured on the same system at the same rate, interleaved, so
 * that neither side gets the quieter moments of a busy machine.
 */
const SLOT_MS = 2500;
/** Slots per window at least, so that a short window (--quick) still holds both sides. */
const MIN_SLOTS = 6;
/** The start of each slot, when requests of the slot before may still be under way, is left out. */
const SETTLE_SHARE = 0.2;

export const readDuringIngest: Scenario = {
  name: 'read-during-ingest',
  group: 'system',
  description:
    `ingest-mixed at --read-ingest-rate with ${READERS} readers polling the read API every ` +
    `${POLL_MS} ms in every other ${SLOT_MS / 1000} s slot, in turn: the newest ${PAGE} readings ` +
    `of a device of the load (JSON) and a FHIR searchset page of ${PAGE} Observations of a ` +
    "patient; the ingest's latency and accepted rate in the slots with readers beside those without",
  figures: [
    { key: 'p50', label: 'with readers: p50 send-to-commit ms', digits: 1 },
    { key: 'p99', label: 'p99 ms', digits: 1 },
    { key: 'accepted', label: 'readings accepted/s' },
    { key: 'aloneP50', label: 'without readers: p50 ms', digits: 1 },
    { key: 'aloneP99', label: 'p99 ms', digits: 1 },
    { key: 'aloneAccepted', label: 'readings accepted/s' },
    ...RESOURCE_FIGURES,
    { key: 'jsonP50', label: 'JSON read p50 ms', digits: 1 },
    { key: 'jsonP99', label: 'JSON read p99 ms', digits: 1 },
    { key: 'fhirP50', label: 'FHIR read p50 ms', digits: 1 },
    { key: 'fhirP99', label: 'FHIR read p99 ms', digits: 1 },
    { key: 'reads', label: 'reads answered/s' },
  ],
  async run(ctx) {
    const started: { readers?: ApiReaders; apiRss?: () => number } = {};
    const slots: { at: Date; reading: boolean }[] = [];
    let alternating = true;
    let alternation: Promise<void> | undefined;
    const rate = ctx.options.readIngestRate;
    const slotMs = Math.min(SLOT_MS, ctx.options.durationMs / MIN_SLOTS);
    const { window, outcome, system } = await measureMixed(
      ctx,
      async (system) => {
        await storeHistories(system);
        const api = await startApi(ctx, system.db.url);
        const readers = new ApiReaders(api.base, api.token, READERS, POLL_MS, QUERIES);
        ctx.defer(() => readers.stop());
        started.readers = readers;
        started.apiRss = () => api.process.peakRssMb();
        alternation = (async () => {
          // odd runs begin with readers, even runs without
          for (let reading = ctx.run % 2 === 1; alternating; reading = !reading) {
            if (reading) readers.resume();
            else readers.pause();
            slots.push({ at: new Date(), reading });
            await sleep(slotMs);
          }
        })();
      },
      rate,
    );
    alternating = false;
    await alternation;
    const readers = started.readers!;
    await readers.stop();
    const spans = { with: [] as Span[], without: [] as Span[] };
    slots.forEach(({ at, reading }, i) => {
      const from = new Date(Math.max(at.getTime() + slotMs * SETTLE_SHARE, window.from.getTime()));
      const to = new Date(Math.min(slots[i + 1]?.at.getTime() ?? Infinity, window.to.getTime()));
      if (from < to) spans[reading ? 'with' : 'without'].push({ from, to });
    });
    const ingest = async (side: Span[]) => {
      const sent = await latencyOver(system.db, ALL_TABLES, side);
      const seconds = side.reduce((sum, s) => sum + (s.to.getTime() - s.from.getTime()), 0) / 1000;
      // every reading the clients sent inside a span was accepted and stored (the count check)
      return { ...sent, seconds, accepted: perSecond(sent.count, seconds) };
    };
    const withReaders = await ingest(spans.with);
    const withoutReaders = await ingest(spans.without);
    const errors = readers.errorSummary();
    if (Object.keys(errors).length > 0) {
      throw new Error(`the read API failed readers: ${JSON.stringify(errors)}`);
    }
    // the reads of the slots with readers (only those have any)
    const answered = readers.between(window.from, window.to);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const summary = ({ ms, items }: { ms: number[]; items: number[] }) => ({
      requests: ms.length,
      p50: percentile(ms, 0.5),
      p99: percentile(ms, 0.99),
      max: Math.max(...ms),
      meanItems: items.reduce((sum, n) => sum + n, 0) / items.length,
    });
    const json = summary(answered.json);
    const fhir = summary(answered.fhir);
    return {
      ...outcome,
      figures: {
        // the ingest's own figures are those of each side; its resource figures span the window
        ...withoutWholeWindowLatency(outcome.figures),
        p50: round(withReaders.p50),
        p99: round(withReaders.p99),
        accepted: withReaders.accepted,
        aloneP50: round(withoutReaders.p50),
        aloneP99: round(withoutReaders.p99),
        aloneAccepted: withoutReaders.accepted,
        jsonP50: round(json.p50),
        jsonP99: round(json.p99),
        fhirP50: round(fhir.p50),
        fhirP99: round(fhir.p99),
        reads: perSecond(json.requests + fhir.requests, withReaders.seconds),
      },
      details: {
        ...outcome.details,
        ingest: { rate, slotMs, withReaders, withoutReaders },
        reads: { json, fhir, readers: READERS, pollMs: POLL_MS },
        apiPeakRssMb: started.apiRss?.(),
      },
    };
  },
};

interface Span {
  from: Date;
  to: Date;
}

const random = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const DEVICES = (['rest', 'ws', 'grpc'] as Protocol[]).map((protocol) => ({
  kind: PROTOCOL_KIND[protocol],
  ids: sourceOf(protocol).ids,
}));

const QUERIES: ReadQuery[] = [
  {
    name: 'json',
    path: () => {
      const { kind, ids } = random(DEVICES);
      return `/readings/${kind}?device=${random(ids)}&limit=${PAGE}`;
    },
    items: (body) => (body as { items: unknown[] }).items.length,
  },
  {
    name: 'fhir',
    path: () =>
      `/fhir/Observation?patient=bench-patient-${Math.floor(Math.random() * PATIENTS)}&_count=${PAGE}`,
    items: (body) => {
      // every patient's history holds more than a page
      const entries = (body as { entry?: unknown[] }).entry?.length ?? 0;
      if (entries !== PAGE) throw new Error(`${entries} entries, not ${PAGE}`);
      return entries;
    },
  },
];

/**
 * Each patient's device with its history (well before the run, so outside the measured window),
 * written straight to the table and counted in the rows the count check expects.
 */
async function storeHistories(system: System): Promise<void> {
  await system.db.query(
    `INSERT INTO temperature (sensor_id, value, unit, "timestamp")
     SELECT 'bench-history-' || lpad(s::text, 4, '0'), 36 + (r % 30) / 10.0, 'C',
            TIMESTAMPTZ '2025-01-01' + r * interval '1 second'
       FROM generate_series(0, $1::int - 1) s, generate_series(0, $2::int - 1) r`,
    [PATIENTS, HISTORY_ROWS],
  );
  await system.db.query(
    `INSERT INTO assignment (sensor_id, patient, valid_from)
     SELECT 'bench-history-' || lpad(s::text, 4, '0'), 'bench-patient-' || s, TIMESTAMPTZ '2024-01-01'
       FROM generate_series(0, $1::int - 1) s`,
    [PATIENTS],
  );
  system.seeded += PATIENTS * HISTORY_ROWS;
}

/** The resource figures of the whole window, without its latency and rate (each side has its own). */
function withoutWholeWindowLatency(figures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(figures).filter(([key]) => !['p50', 'p95', 'p99', 'accepted'].includes(key)),
  );
}
