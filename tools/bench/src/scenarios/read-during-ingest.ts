import { startApi } from '../env/api.js';
import type { System } from '../env/system.js';
import { ApiReaders, type ReadQuery } from '../load/api-readers.js';
import { PROTOCOL_KIND, sourceOf, type Protocol } from '../load/protocols.js';
import { percentile } from '../metrics/stats.js';
import { perSecond } from '../run/window.js';
import type { Scenario } from '../scenario.js';
import { measureMixed, MIXED_FIGURES } from './ingest-mixed.js';

const READERS = 8;
const POLL_MS = 250;
const PAGE = 100;
/**
 * Patients for the FHIR search, each wearing a device with a stored history (the load's devices
 * are worn by patients of their own, scored as in ingest-mixed).
 */
const PATIENTS = 100;
const HISTORY_ROWS = 200;

export const readDuringIngest: Scenario = {
  name: 'read-during-ingest',
  group: 'system',
  description:
    `ingest-mixed with ${READERS} readers polling the read API every ${POLL_MS} ms meanwhile, ` +
    `in turn: the newest ${PAGE} readings of a device of the load (JSON) and a FHIR searchset ` +
    `page of ${PAGE} Observations of a patient; the ingest's latency beside ingest-mixed's`,
  figures: [
    ...MIXED_FIGURES,
    { key: 'jsonP50', label: 'JSON read p50 ms', digits: 1 },
    { key: 'jsonP99', label: 'JSON read p99 ms', digits: 1 },
    { key: 'fhirP50', label: 'FHIR read p50 ms', digits: 1 },
    { key: 'fhirP99', label: 'FHIR read p99 ms', digits: 1 },
    { key: 'reads', label: 'reads answered/s' },
  ],
  async run(ctx) {
    const started: { readers?: ApiReaders; apiRss?: () => number } = {};
    const { window, outcome } = await measureMixed(ctx, async (system) => {
      await storeHistories(system);
      const api = await startApi(ctx, system.db.url);
      const readers = new ApiReaders(api.base, api.token, READERS, POLL_MS, QUERIES);
      ctx.defer(() => readers.stop());
      started.readers = readers;
      started.apiRss = () => api.process.peakRssMb();
    });
    const readers = started.readers!;
    await readers.stop();
    const errors = readers.errorSummary();
    if (Object.keys(errors).length > 0) {
      throw new Error(`the read API failed readers: ${JSON.stringify(errors)}`);
    }
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
        ...outcome.figures,
        jsonP50: round(json.p50),
        jsonP99: round(json.p99),
        fhirP50: round(fhir.p50),
        fhirP99: round(fhir.p99),
        reads: perSecond(json.requests + fhir.requests, window.seconds),
      },
      details: {
        ...outcome.details,
        reads: { json, fhir, readers: READERS, pollMs: POLL_MS },
        apiPeakRssMb: started.apiRss?.(),
      },
    };
  },
};

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
