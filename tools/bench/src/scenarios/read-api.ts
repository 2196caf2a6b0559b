import { pageStatement, type Subject } from '@healthcare/database';
import { query } from '@healthcare/testing';
import pg from 'pg';
import { startApi } from '../env/api.js';
import type { BenchDatabase } from '../env/database.js';
import { createReadingTables } from '../env/tables.js';
import { percentile } from '../metrics/stats.js';
import { freshDatabase } from '../run/helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { measureWindow } from '../run/window.js';
import type { Scenario } from '../scenario.js';

const SENSORS = 1000;
const PAGE = 100;
/** Rows written per statement while filling, so that no single statement runs for minutes. */
const FILL_CHUNK = 1_000_000;

/**
 * The baseline of each answer: the very statement the API runs for it (the page's rows with the
 * patient who wore the device), sent straight to PostgreSQL. The subject is the one each
 * controller asks for: JSON the device's rows with their patient if any, FHIR only rows a
 * patient's assignment covers.
 */
const direct = (subject: Subject) =>
  pageStatement({ kinds: ['temperature'], subject, range: {}, limit: PAGE });
const DIRECT = {
  json: (sensorId: string) => direct({ sensorId }),
  fhir: (sensorId: string) => direct({ sensorId, assignedOnly: true }),
};

export const readApi: Scenario = {
  name: 'read-api',
  group: 'system',
  description:
    `the newest ${PAGE} temperatures of one of ${SENSORS} devices (every device worn by a patient) ` +
    "out of --read-rows stored rows: the JSON API's statement straight to PostgreSQL with pg, " +
    "the JSON API, the FHIR search's statement with pg, a FHIR searchset page; one client, " +
    'the four in turn',
  figures: [
    { key: 'pgP99', label: 'pg (JSON statement) p99 ms', digits: 2 },
    { key: 'jsonP99', label: 'JSON p99 ms', digits: 2 },
    { key: 'pgFhirP99', label: 'pg (FHIR statement) p99 ms', digits: 2 },
    { key: 'fhirP99', label: 'FHIR p99 ms', digits: 2 },
    { key: 'jsonVsPg', label: 'JSON p99 / its pg p99', digits: 2 },
    { key: 'fhirVsPg', label: 'FHIR p99 / its pg p99', digits: 2 },
    // steadier than a latency on a busy machine: what one request costs the API
    cpuFigure('apiUs', 'API per request'),
  ],
  async run(ctx) {
    const db = await freshDatabase(ctx);
    await createReadingTables(db);
    ctx.log(`storing ${ctx.options.readRows} temperature rows over ${SENSORS} devices`);
    await fill(db, ctx.options.readRows);
    const api = await startApi(ctx, db.url);
    const { base } = api;
    const headers = { authorization: `Bearer ${api.token}` };
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    ctx.defer(() => client.end());

    const sensor = () => sensorId(Math.floor(Math.random() * SENSORS));
    const timed = async (work: () => Promise<void>, into: number[]) => {
      const started = performance.now();
      await work();
      into.push(performance.now() - started);
    };
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return body;
    };
    type Series = 'pg' | 'json' | 'pgFhir' | 'fhir';
    const noSamples = (): Record<Series, number[]> => ({ pg: [], json: [], pgFhir: [], fhir: [] });
    let samples = noSamples();
    // the statement object as the API sends it (its rowMode included), so both sides ask pg alike
    const sendDirect = async (statement: ReturnType<typeof pageStatement>, into: number[]) =>
      timed(async () => {
        const { rows } = await client.query(statement);
        // the statement asks for one row beyond the page, which tells that a next page exists
        if (rows.length < PAGE) throw new Error(`pg: ${rows.length} rows`);
      }, into);
    let running = true;
    let served = 0;
    const reading = (async () => {
      while (running) {
        const id = sensor();
        await sendDirect(DIRECT.json(id), samples.pg);
        await timed(async () => {
          const body = JSON.parse(
            await get(`/readings/temperature?device=${id}&limit=${PAGE}`),
          ) as { items: unknown[] };
          if (body.items.length !== PAGE) throw new Error(`JSON: ${body.items.length} readings`);
        }, samples.json);
        await sendDirect(DIRECT.fhir(id), samples.pgFhir);
        await timed(async () => {
          const body = JSON.parse(
            await get(
              `/fhir/Observation?device=Device/${id.replace('_', '.')}&code=8310-5&_count=${PAGE}`,
            ),
          ) as { entry: unknown[] };
          if (body.entry.length !== PAGE) throw new Error(`FHIR: ${body.entry.length} entries`);
        }, samples.fhir);
        served++;
      }
    })();
    let snapshots = 0;
    const window = await measureWindow(
      ctx,
      () => {
        // what the warm-up measured is dropped: the window starts at the first snapshot
        if (snapshots++ === 0) samples = noSamples();
        return served;
      },
      sampleProcesses({ api: api.process.pid }),
    );
    running = false;
    await reading;
    const p99 = (values: number[]) => percentile(values, 0.99);
    const figures = {
      pgP99: p99(samples.pg),
      jsonP99: p99(samples.json),
      pgFhirP99: p99(samples.pgFhir),
      fhirP99: p99(samples.fhir),
      jsonVsPg: p99(samples.json) / p99(samples.pg),
      fhirVsPg: p99(samples.fhir) / p99(samples.pgFhir),
      apiUs: cpuMicrosPer(window.usage, 'api', samples.json.length + samples.fhir.length),
    };
    return {
      figures,
      profileWindow: window.monotonic,
      details: {
        rows: ctx.options.readRows,
        requests: samples.json.length,
        p50: {
          pg: percentile(samples.pg, 0.5),
          json: percentile(samples.json, 0.5),
          pgFhir: percentile(samples.pgFhir, 0.5),
          fhir: percentile(samples.fhir, 0.5),
        },
        apiPeakRssMb: api.process.peakRssMb(),
      },
    };
  },
};

const sensorId = (n: number) => `Temp_${String(n).padStart(4, '0')}`;

/** Rows spread evenly over the devices, one a second per device, and each device worn by a patient. */
async function fill(db: BenchDatabase, rows: number): Promise<void> {
  const perSensor = Math.ceil(rows / SENSORS);
  const step = Math.max(1, Math.floor(FILL_CHUNK / SENSORS));
  for (let from = 0; from < perSensor; from += step) {
    const to = Math.min(perSensor, from + step) - 1;
    await query(
      db.url,
      `INSERT INTO temperature (sensor_id, value, unit, "timestamp")
       SELECT 'Temp_' || lpad(s::text, 4, '0'), 36 + (r % 30) / 10.0, 'C',
              TIMESTAMPTZ '2026-01-01' + r * interval '1 second'
         FROM generate_series(0, ${SENSORS - 1}) s, generate_series(${from}, ${to}) r`,
    );
  }
  await query(
    db.url,
    `INSERT INTO assignment (sensor_id, patient, valid_from)
     SELECT 'Temp_' || lpad(s::text, 4, '0'), 'patient-' || s, TIMESTAMPTZ '2025-01-01'
       FROM generate_series(0, ${SENSORS - 1}) s`,
  );
  await query(db.url, 'ANALYZE temperature');
  await query(db.url, 'ANALYZE assignment');
}
