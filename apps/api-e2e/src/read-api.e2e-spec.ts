import type { Reading, ReadingKind } from '@healthcare/contracts';
import { ManagedProcess, query, readerToken, waitFor } from '@healthcare/testing';
import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  Device,
  Observation,
  OperationOutcome,
  Patient,
} from '@medplum/fhirtypes';
import { setTimeout as sleep } from 'node:timers/promises';
import { fhirProblems } from './fhir-validation.js';
import { Pipeline } from './pipeline.js';
import { ward } from './readings.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface JsonReading {
  id: string;
  kind: ReadingKind;
  sensor_id: string;
  patient: string | null;
  timestamp: string;
  unit: string;
  value?: number;
  systolic?: number;
  diastolic?: number;
}

interface JsonPage {
  items: JsonReading[];
  next_cursor: string | null;
}

/** The device → gateway → broker → subscriber → database → API path, read over JSON and FHIR. */
describe('read API', () => {
  let pipeline: Pipeline;
  let admin: string;
  let aliceOnly: string;
  // whole hours, three hours back: every reading is in the past, bucket edges are known
  const start = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
  const sent = ward(start);
  const iso = (ms: number) => new Date(ms).toISOString();

  /** Who wore each device when each reading was taken, as assigned below. */
  const patientOf = (kind: ReadingKind, reading: Reading): string | null => {
    const t = Date.parse(reading.date);
    if (kind === 'temperature') return t < start + 30 * MINUTE ? 'alice' : 'bob';
    if (kind === 'pressure') return t < start + 20 * MINUTE ? 'alice' : null;
    return 'alice';
  };

  const get = <T>(path: string, token?: string) => pipeline.api.get<T>(path, token);

  beforeAll(async () => {
    pipeline = await Pipeline.start();
    admin = await readerToken(pipeline.db.url, 'admin');
    aliceOnly = await readerToken(pipeline.db.url, 'alice-ward', 'alice');
    await pipeline.send('temperature', sent.temperature);
    await pipeline.send('heartRate', sent.heartRate);
    await pipeline.send('pressure', sent.pressure);
    for (const sensor_id of ['Temp_e2e', 'Heart_e2e', 'Press_e2e']) {
      const made = await pipeline.api.post(
        '/assignments',
        { sensor_id, patient: 'alice', from: iso(start - MINUTE) },
        admin,
      );
      expect(made.status).toBe(201);
    }
    // the thermometer moves to bob's bed half an hour in (by the command), the blood-pressure
    // monitor is taken off alice after twenty minutes (by the API)
    const moved = await patients(
      pipeline,
      'assign',
      'Temp_e2e',
      'bob',
      '--from',
      iso(start + 30 * MINUTE),
    );
    expect(moved).toMatchObject({ code: 0 });
    const ended = await pipeline.api.post(
      '/assignments/end',
      { sensor_id: 'Press_e2e', at: iso(start + 20 * MINUTE) },
      admin,
    );
    expect(ended.status).toBe(200);
    await pipeline.stored({ temperature: 60, heartRate: 40, pressure: 30 });
  }, 240_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('asks for a reader token everywhere but /health', async () => {
    expect((await get('/health')).status).toBe(200);
    for (const path of [
      '/devices',
      '/readings/temperature?device=Temp_e2e',
      '/fhir/metadata',
      '/assignments',
    ]) {
      const none = await get(path);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="healthcare-api"');
      const wrong = await get(path, 'hiot_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
    const outcome = await get<OperationOutcome>('/fhir/Observation?patient=alice');
    expect(outcome.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(outcome.body.resourceType).toBe('OperationOutcome');
    expect(fhirProblems(outcome.body)).toEqual([]);
  });

  it('reads back every kind sent through the gateway, newest first, page after page', async () => {
    for (const kind of ['temperature', 'heartRate', 'pressure'] as const) {
      const device = sent[kind][0].sensor_id;
      const items = await allPages(`/readings/${kind}?device=${device}&limit=7`);
      const expected = [...(sent[kind] as Reading[])].reverse();
      expect(items.map((r) => Date.parse(r.timestamp))).toEqual(
        expected.map((r) => Date.parse(r.date)),
      );
      expect(items.map(valuesOf)).toEqual(expected.map(valuesOf));
      expect(items.map((r) => r.patient)).toEqual(expected.map((r) => patientOf(kind, r)));
      expect(new Set(items.map((r) => r.id)).size).toBe(expected.length);
      for (const r of items)
        expect(r.id).toMatch(/^(temperature|heart-rate|pressure)-[1-9][0-9]*$/);
    }
    // a time range: from included, to excluded
    const hour = await get<JsonPage>(
      `/readings/temperature?device=Temp_e2e&from=${iso(start + 10 * MINUTE)}&to=${iso(start + 20 * MINUTE)}`,
      admin,
    );
    expect(hour.body.items.map((r) => Date.parse(r.timestamp))).toEqual(
      Array.from({ length: 10 }, (_, i) => start + (19 - i) * MINUTE),
    );
    expect(hour.body.next_cursor).toBeNull();
  });

  it('gives a reassigned device’s readings to the patient who wore each of them', async () => {
    const alice = await allPages('/readings/temperature?patient=alice&limit=9');
    const bob = await allPages('/readings/temperature?patient=bob&limit=9');
    expect(alice.map((r) => Date.parse(r.timestamp))).toEqual(
      sent.temperature
        .slice(0, 30)
        .reverse()
        .map((r) => Date.parse(r.date)),
    );
    expect(bob.map((r) => Date.parse(r.timestamp))).toEqual(
      sent.temperature
        .slice(30)
        .reverse()
        .map((r) => Date.parse(r.date)),
    );
    const devices = await get<{
      items: {
        sensor_id: string;
        kind: string;
        patient: string | null;
        last_reading: JsonReading;
      }[];
    }>('/devices', admin);
    expect(devices.status).toBe(200);
    const thermometer = devices.body.items.find((d) => d.sensor_id === 'Temp_e2e');
    expect(thermometer).toMatchObject({ kind: 'temperature', patient: 'bob' });
    expect(Date.parse(thermometer!.last_reading.timestamp)).toBe(
      Date.parse(sent.temperature[59].date),
    );
    expect(devices.body.items.find((d) => d.sensor_id === 'Press_e2e')).toMatchObject({
      patient: null,
    });
  });

  it('aggregates per time bucket as computed here from what was sent', async () => {
    const temperature = await get<{ buckets: { start: string; count: number; value: Stats }[] }>(
      `/readings/temperature/aggregates?device=Temp_e2e&bucket=5m&from=${iso(start)}&to=${iso(start + HOUR)}`,
      admin,
    );
    expect(temperature.status).toBe(200);
    const expected = buckets(sent.temperature, 5 * MINUTE, (r) => ({ value: r.value }));
    expect(temperature.body.buckets.map((b) => Date.parse(b.start))).toEqual([...expected.keys()]);
    for (const b of temperature.body.buckets) {
      expectStats({ count: b.count, value: b.value }, expected.get(Date.parse(b.start))!);
    }

    // a patient's blood pressure per hour: only the readings alice wore the monitor for
    const pressure = await get<{
      buckets: { start: string; count: number; systolic: Stats; diastolic: Stats }[];
    }>(
      `/readings/pressure/aggregates?patient=alice&bucket=1h&from=${iso(start - HOUR)}&to=${iso(start + 2 * HOUR)}`,
      admin,
    );
    const alice = sent.pressure.filter((r) => patientOf('pressure', r) === 'alice');
    const want = buckets(alice, HOUR, (r) => ({ systolic: r.systolic, diastolic: r.diastolic }));
    expect(pressure.body.buckets.map((b) => Date.parse(b.start))).toEqual([...want.keys()]);
    for (const b of pressure.body.buckets) {
      expectStats(
        { count: b.count, systolic: b.systolic, diastolic: b.diastolic },
        want.get(Date.parse(b.start))!,
      );
    }

    const refused = await get(
      `/readings/temperature/aggregates?device=Temp_e2e&bucket=30s&from=${iso(start)}&to=${iso(start + HOUR)}`,
      admin,
    );
    expect(refused.status).toBe(400);
  });

  it('serves vital-sign Observations that conform to R4, paged by next links', async () => {
    const entries = await allFhirPages(`/fhir/Observation?patient=alice&_count=10`);
    const alice = (['temperature', 'heartRate', 'pressure'] as const).flatMap((kind) =>
      (sent[kind] as Reading[])
        .filter((r) => patientOf(kind, r) === 'alice')
        .map((r) => ({ kind, r })),
    );
    expect(entries).toHaveLength(alice.length);
    const times = entries.map((e) => Date.parse(e.resource!.effectiveDateTime!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const entry of entries) {
      const observation = entry.resource!;
      expect(fhirProblems(observation)).toEqual([]);
      expect(observation).toMatchObject({
        status: 'final',
        subject: { reference: 'Patient/alice' },
      });
      expect(observation.category?.[0].coding?.[0]).toMatchObject({
        system: 'http://terminology.hl7.org/CodeSystem/observation-category',
        code: 'vital-signs',
      });
      expect(entry.fullUrl).toBe(`${pipeline.api.url}/fhir/Observation/${observation.id}`);
      expect(observation.effectiveDateTime).toMatch(/(Z|[+-]\d{2}:\d{2})$/);
    }
    // each kind as its profile says, with the values sent
    const byTime = (kind: ReadingKind, code: string) =>
      entries
        .filter((e) => e.resource!.code?.coding?.[0].code === code)
        .map((e) => e.resource!)
        .map((o) => ({
          o,
          r: alice.find(
            (a) => a.kind === kind && Date.parse(a.r.date) === Date.parse(o.effectiveDateTime!),
          )!.r,
        }));
    for (const { o, r } of byTime('temperature', '8310-5')) {
      expect(o.code?.coding?.[0].system).toBe('http://loinc.org');
      expect(o.valueQuantity).toEqual({
        value: (r as { value: number }).value,
        unit: 'Cel',
        system: 'http://unitsofmeasure.org',
        code: 'Cel',
      });
      expect(o.device?.reference).toBe('Device/Temp.e2e');
    }
    for (const { o, r } of byTime('heartRate', '8867-4')) {
      expect(o.valueQuantity).toMatchObject({
        value: (r as { value: number }).value,
        system: 'http://unitsofmeasure.org',
        code: '/min',
      });
    }
    const panels = byTime('pressure', '85354-9');
    expect(panels).toHaveLength(10);
    for (const { o, r } of panels) {
      const p = r as { systolic: number; diastolic: number };
      expect(o.valueQuantity).toBeUndefined();
      expect(
        o.component?.map((c) => [
          c.code.coding?.[0].code,
          c.valueQuantity?.value,
          c.valueQuantity?.code,
        ]),
      ).toEqual([
        ['8480-6', p.systolic, 'mm[Hg]'],
        ['8462-4', p.diastolic, 'mm[Hg]'],
      ]);
    }

    // by device, code and dates: bob's half hour of the thermometer, minus its first ten minutes
    const search = await allFhirPages(
      `/fhir/Observation?device=Device/Temp.e2e&subject=Patient/bob&code=http://loinc.org|8310-5&date=ge${iso(start + 40 * MINUTE)}&date=lt${iso(start + HOUR)}&_count=7`,
    );
    expect(search.map((e) => Date.parse(e.resource!.effectiveDateTime!))).toEqual(
      Array.from({ length: 20 }, (_, i) => start + (59 - i) * MINUTE),
    );

    const one = await get<Observation>(`/fhir/Observation/${entries[0].resource!.id}`, admin);
    expect(one.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(one.body).toEqual(entries[0].resource);

    for (const [path, type] of [
      ['/fhir/Patient/alice', 'Patient'],
      ['/fhir/Device/Temp.e2e', 'Device'],
      ['/fhir/metadata', 'CapabilityStatement'],
    ] as const) {
      const answer = await get<Patient | Device | CapabilityStatement>(path, admin);
      expect(answer.status).toBe(200);
      expect(answer.body.resourceType).toBe(type);
      expect(fhirProblems(answer.body)).toEqual([]);
    }
    expect((await get<Device>('/fhir/Device/Temp.e2e', admin)).body).toMatchObject({
      identifier: [{ value: 'Temp_e2e' }],
      patient: { reference: 'Patient/bob' },
    });

    // a reading nobody wore the monitor for is not an Observation; unknown ids are OperationOutcomes
    const unworn = await get<JsonPage>('/readings/pressure?device=Press_e2e&limit=1', admin);
    for (const path of [
      `/fhir/Observation/${unworn.body.items[0].id}`,
      '/fhir/Observation/nothing-1',
      '/fhir/Patient/nobody',
    ]) {
      const missing = await get<OperationOutcome>(path, admin);
      expect(missing.status).toBe(404);
      expect(missing.body.resourceType).toBe('OperationOutcome');
      expect(fhirProblems(missing.body)).toEqual([]);
    }
    const bad = await get<OperationOutcome>('/fhir/Observation?patient=alice&_count=5000', admin);
    expect(bad.status).toBe(400);
    expect(fhirProblems(bad.body)).toEqual([]);
  });

  it('has a validator that refuses what breaks R4 or the vital-signs profiles', async () => {
    const [entry] = await allFhirPages(
      '/fhir/Observation?device=Device/Temp.e2e&_count=1&date=lt' + iso(start + MINUTE),
    );
    const good = entry.resource!;
    expect(fhirProblems(good)).toEqual([]);
    expect(fhirProblems({ ...good, subject: undefined })).not.toEqual([]);
    expect(
      fhirProblems({ ...good, code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } }),
    ).not.toEqual([]);
    expect(fhirProblems({ ...good, status: undefined } as unknown as Observation)).not.toEqual([]);
    expect(fhirProblems({ ...good, id: 'Temp_e2e' })).not.toEqual([]);
  });

  it('holds a patient-scoped reader to its patient', async () => {
    const mine = await get<JsonPage>('/readings/temperature?device=Temp_e2e&limit=100', aliceOnly);
    expect(mine.body.items).toHaveLength(30);
    expect(new Set(mine.body.items.map((r) => r.patient))).toEqual(new Set(['alice']));
    expect((await get('/readings/temperature?patient=bob', aliceOnly)).status).toBe(403);

    const fhir = await get<OperationOutcome>('/fhir/Observation?patient=bob', aliceOnly);
    expect(fhir.status).toBe(403);
    expect(fhir.body.issue[0].code).toBe('forbidden');
    expect(fhirProblems(fhir.body)).toEqual([]);
    expect((await get('/fhir/Patient/bob', aliceOnly)).status).toBe(403);
    const own = await get<Bundle<Observation>>(
      '/fhir/Observation?device=Device/Temp.e2e&_count=100',
      aliceOnly,
    );
    expect(own.body.entry).toHaveLength(30);

    const bobs = await get<JsonPage>('/readings/temperature?patient=bob&limit=1', admin);
    expect((await get(`/fhir/Observation/${bobs.body.items[0].id}`, aliceOnly)).status).toBe(404);
    expect((await get(`/fhir/Observation/${bobs.body.items[0].id}`, admin)).status).toBe(200);

    const devices = await get<{ items: { sensor_id: string; patient: string | null }[] }>(
      '/devices',
      aliceOnly,
    );
    expect(devices.body.items.map((d) => d.sensor_id)).toEqual([
      'Heart_e2e',
      'Press_e2e',
      'Temp_e2e',
    ]);
    // alice no longer wears the thermometer: who does is not hers to see
    expect(devices.body.items.find((d) => d.sensor_id === 'Temp_e2e')?.patient).toBeNull();

    const write = await pipeline.api.post(
      '/assignments',
      { sensor_id: 'Temp_e2e', patient: 'alice' },
      aliceOnly,
    );
    expect(write.status).toBe(403);
  });

  it('changes assignments only without overlaps, and refuses what is malformed', async () => {
    const overlap = await pipeline.api.post(
      '/assignments',
      { sensor_id: 'Temp_e2e', patient: 'carol', from: iso(start + 10 * MINUTE) },
      admin,
    );
    expect(overlap.status).toBe(409);
    const malformed = await pipeline.api.post(
      '/assignments',
      { sensor_id: 'x y', patient: 'a_b', extra: 1 },
      admin,
    );
    expect(malformed.status).toBe(400);
    expect(
      (malformed.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort(),
    ).toEqual(['extra', 'patient', 'sensor_id']);
    const list = await get<{ items: { patient: string; to: string | null }[] }>(
      '/assignments?device=Temp_e2e',
      admin,
    );
    expect(list.body.items.map((a) => [a.patient, a.to])).toEqual([
      ['alice', iso(start + 30 * MINUTE)],
      ['bob', null],
    ]);
    expect((await get('/readings/temperature?device=Temp_e2e&limit=1001', admin)).status).toBe(400);
    expect((await get('/readings/temperature?device=Temp_e2e&cursor=bm9wZQ', admin)).status).toBe(
      400,
    );
    expect((await get('/readings/temperature', admin)).status).toBe(400);
  });

  it('pnpm readers add prints a token that works on its last line; disable stops it', async () => {
    const added = await run(pipeline, 'readers.js', ['add', 'cli-reader', '--patient', 'alice']);
    expect(added.code).toBe(0);
    const token = added.output.trim().split('\n').at(-1)!;
    expect((await get('/fhir/Patient/alice', token)).status).toBe(200);
    expect((await get('/fhir/Patient/bob', token)).status).toBe(403);
    expect((await run(pipeline, 'readers.js', ['disable', 'cli-reader'])).code).toBe(0);
    // the API learns of the change from a PostgreSQL notification, which can arrive after the
    // command has exited: refused within a second, as in the case below
    await waitFor(async () => (await get('/fhir/Patient/alice', token)).status === 401, {
      timeoutMs: 1000,
      intervalMs: 20,
      what: '401 for the token of the disabled cli-reader',
    });
  });

  it('refuses a token just used once its reader is disabled, it is replaced or it expires', async () => {
    const works = async (token: string) => (await get('/fhir/Patient/alice', token)).status;
    // the API has each token in hand before the change: refused within a second after it
    const refusedSoon = (token: string, what: string) =>
      waitFor(async () => (await works(token)) === 401, {
        timeoutMs: 1000,
        intervalMs: 20,
        what: `401 for the token of a reader ${what}`,
      });
    const disabled = await readerToken(pipeline.db.url, 'to-disable');
    const replaced = await readerToken(pipeline.db.url, 'to-replace');
    expect(await works(disabled)).toBe(200);
    expect(await works(replaced)).toBe(200);
    expect((await run(pipeline, 'readers.js', ['disable', 'to-disable'])).code).toBe(0);
    await refusedSoon(disabled, 'disabled');
    const token = await run(pipeline, 'readers.js', ['token', 'to-replace', '--replace']);
    expect(token.code).toBe(0);
    await refusedSoon(replaced, 'whose tokens were replaced');
    expect(await works(token.output.trim().split('\n').at(-1)!)).toBe(200);

    // an expiry changes no row: the window is checked on every request
    const expiring = await readerToken(pipeline.db.url, 'to-expire');
    const [{ until }] = await query<{ until: Date }>(
      pipeline.db.url,
      `UPDATE reader_credential SET not_after = clock_timestamp() + interval '1500 milliseconds'
        WHERE reader_id = (SELECT id FROM reader WHERE name = 'to-expire') RETURNING not_after AS until`,
    );
    await sleep(300);
    expect(await works(expiring)).toBe(200);
    await sleep(until.getTime() - Date.now() + 50);
    expect(await works(expiring)).toBe(401);
  });

  async function allPages(first: string): Promise<JsonReading[]> {
    const items: JsonReading[] = [];
    let path: string | undefined = first;
    for (let pages = 0; path; pages++) {
      expect(pages).toBeLessThan(100);
      const page: { status: number; body: JsonPage } = await get<JsonPage>(path, admin);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      path = page.body.next_cursor ? `${first}&cursor=${page.body.next_cursor}` : undefined;
    }
    return items;
  }

  async function allFhirPages(first: string): Promise<BundleEntry<Observation>[]> {
    const entries: BundleEntry<Observation>[] = [];
    let url: string | undefined = first;
    for (let pages = 0; url; pages++) {
      expect(pages).toBeLessThan(100);
      const page: { status: number; headers: Headers; body: Bundle<Observation> } = await get<
        Bundle<Observation>
      >(url, admin);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      expect(page.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(fhirProblems(page.body)).toEqual([]);
      entries.push(...(page.body.entry ?? []));
      url = page.body.link?.find((l) => l.relation === 'next')?.url;
    }
    return entries;
  }
});

interface Stats {
  min: number;
  max: number;
  mean: number;
}

function valuesOf(r: Reading | JsonReading): Record<string, number | undefined> {
  const { value, systolic, diastolic } = r as unknown as Partial<Record<string, number>>;
  return { value, systolic, diastolic };
}

/** Count, min, max and mean per bucket of `width` ms aligned on the epoch, oldest first. */
function buckets<R extends Reading>(
  readings: R[],
  width: number,
  fields: (r: R) => Record<string, number>,
): Map<number, { count: number } & Record<string, Stats | number>> {
  const groups = new Map<number, R[]>();
  for (const r of readings) {
    const key = Math.floor(Date.parse(r.date) / width) * width;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const result = new Map<number, { count: number } & Record<string, Stats | number>>();
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(key)!;
    const names = Object.keys(fields(group[0]));
    const entry: { count: number } & Record<string, Stats | number> = { count: group.length };
    for (const name of names) {
      const values = group.map((r) => fields(r)[name]);
      entry[name] = {
        min: Math.min(...values),
        max: Math.max(...values),
        mean: values.reduce((a, b) => a + b, 0) / values.length,
      };
    }
    result.set(key, entry);
  }
  return result;
}

function expectStats(
  got: Record<string, Stats | number>,
  want: Record<string, Stats | number>,
): void {
  expect(got.count).toBe(want.count);
  for (const [name, stats] of Object.entries(want)) {
    if (typeof stats === 'number') continue;
    const actual = got[name] as Stats;
    expect(actual.min).toBe(stats.min);
    expect(actual.max).toBe(stats.max);
    expect(actual.mean).toBeCloseTo(stats.mean, 9);
  }
}

/** `node tools/readers/dist/<script>` on the suite's database, as `pnpm readers` runs it. */
async function run(
  pipeline: Pipeline,
  script: string,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  const child = ManagedProcess.spawn({
    name: `${script} ${args[0]}`,
    command: process.execPath,
    args: [`tools/readers/dist/${script}`, ...args],
    env: { PATH: process.env.PATH, DATABASE_URL: pipeline.db.url },
  });
  return { code: await child.exited, output: child.output() };
}

function patients(pipeline: Pipeline, ...args: string[]) {
  return run(pipeline, 'patients.js', args);
}
