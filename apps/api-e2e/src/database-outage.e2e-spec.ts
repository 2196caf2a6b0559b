import {
  applyMigrations,
  createTestDatabase,
  readerToken,
  TestApi,
  TestPostgres,
  type MetricsScrape,
} from '@healthcare/testing';

/**
 * The API's metrics through a database outage, on a PostgreSQL of the test's own (never the
 * shared one): readers answered 503 while it is away, healthcare_api_database_up 1 -> 0 -> 1,
 * and every request counted by status.
 */
describe('read API metrics through a database outage', () => {
  let postgres: TestPostgres;
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    postgres = await TestPostgres.start();
    const db = await createTestDatabase('api_outage', postgres.url());
    await applyMigrations(db.url);
    admin = await readerToken(db.url, 'admin');
    api = await TestApi.start({ DATABASE_URL: db.url });
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await postgres?.dispose();
  }, 60_000);

  const up = (m: MetricsScrape) => {
    expect(m.has('healthcare_api_database_up')).toBe(true);
    return m.value('healthcare_api_database_up');
  };
  const requests = (m: MetricsScrape, route: string, status_class: string) =>
    m.value('healthcare_api_requests_total', { route, method: 'GET', status_class });

  it('answers 503 while the database is away, shows it down, then up and answering again', async () => {
    expect((await api.get('/devices', admin)).status).toBe(200);
    expect(up(await api.metrics())).toBe(1);

    await postgres.stop();
    const refused = await api.get<{ error: string }>('/devices', admin);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('unavailable');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await api.get('/health')).status).toBe(503);
    expect(up(await api.metrics())).toBe(0);

    await postgres.start();
    expect((await api.get('/health')).status).toBe(200);
    expect((await api.get('/devices', admin)).status).toBe(200);
    const m = await api.metrics();
    expect(up(m)).toBe(1);
    expect(requests(m, '/devices', '2xx')).toBe(2);
    expect(requests(m, '/devices', '5xx')).toBe(1);
    expect(requests(m, '/devices', '4xx')).toBe(0);
    expect(requests(m, '/health', '2xx')).toBe(1);
    expect(requests(m, '/health', '5xx')).toBe(1);
    // a scrape is counted once answered: the two before this one
    expect(requests(m, '/metrics', '2xx')).toBe(2);
    expect(m.value('healthcare_api_requests_total')).toBe(7);
    expect(m.value('healthcare_api_reader_auth_refusals_total')).toBe(0);
  });
});
