import {
  applyMigrations,
  createTestDatabase,
  readerToken,
  TestApi,
  type MetricsScrape,
  type TestDatabase,
} from '@healthcare/testing';

/** The API's GET /metrics: the operator's, counting known traffic exactly, naming no one. */
describe('read API metrics', () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: string;
  let aliceOnly: string;

  beforeAll(async () => {
    db = await createTestDatabase('api_metrics');
    await applyMigrations(db.url);
    api = await TestApi.start({ DATABASE_URL: db.url });
    admin = await readerToken(db.url, 'admin');
    aliceOnly = await readerToken(db.url, 'alice-ward', 'alice');
  });

  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  it('refuses /metrics without the operator token, and with a reader token', async () => {
    const none = await api.get('/metrics');
    expect(none.status).toBe(401);
    const reader = await api.get('/metrics', admin);
    expect(reader.status).toBe(401);
    expect(reader.body).toMatchObject({ error: 'unauthorized' });
  });

  it("leaves /metrics out of the readers' OpenAPI document", async () => {
    const docs = await api.get<{ paths: Record<string, unknown> }>('/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/devices', '/health']));
    expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
  });

  it('counts requests by route template and status class, and reader refusals by reason', async () => {
    const status = async (path: string, token?: string) => (await api.get(path, token)).status;
    expect(await status('/devices', admin)).toBe(200);
    expect(await status('/devices', aliceOnly)).toBe(200);
    expect(await status('/readings/temperature?patient=alice', admin)).toBe(200);
    expect(await status('/devices')).toBe(401);
    expect(await status('/devices', 'not-a-reader-token')).toBe(401);
    expect(await status('/readings/pressure?patient=bob', aliceOnly)).toBe(403);
    expect(await status('/readings/temperature?patient=alice&limit=many', admin)).toBe(400);
    expect(await status('/no/such/route', admin)).toBe(404);

    const m = await api.metrics();
    const requests = (route: string, status_class: string) =>
      m.value('healthcare_api_requests_total', { route, method: 'GET', status_class });
    expect(requests('/devices', '2xx')).toBe(2);
    expect(requests('/devices', '4xx')).toBe(2);
    expect(requests('/readings/:kind', '2xx')).toBe(1);
    expect(requests('/readings/:kind', '4xx')).toBe(2);
    expect(requests('unmatched', '4xx')).toBe(1);
    // the two refused scrapes of the test before
    expect(requests('/metrics', '4xx')).toBe(2);
    expect(m.value('healthcare_api_requests_total', { status_class: '5xx' })).toBe(0);
    expect(m.value('healthcare_api_reader_auth_refusals_total', { reason: 'no_token' })).toBe(1);
    expect(m.value('healthcare_api_reader_auth_refusals_total', { reason: 'invalid_token' })).toBe(
      1,
    );
    expect(m.value('healthcare_api_request_duration_seconds_count', { route: '/devices' })).toBe(4);
    expect(
      m.value('healthcare_api_request_duration_seconds_count', { route: '/readings/:kind' }),
    ).toBe(3);
    expect(m.has('healthcare_api_database_connections', { state: 'idle' })).toBe(true);
    expect(m.value('healthcare_api_database_connections')).toBeGreaterThan(0);
    expect(m.value('healthcare_api_database_waiting_queries')).toBe(0);
    expectNoOneNamed(m, [admin, aliceOnly, 'not-a-reader-token', 'alice', 'bob', 'many']);
  });
});

/** No label value holds a token, a patient or anything else a client chose. */
function expectNoOneNamed(m: MetricsScrape, words: string[]): void {
  const values = m.samples.flatMap((s) => Object.values(s.labels));
  for (const word of words) expect(values.filter((v) => v.includes(word))).toEqual([]);
}
