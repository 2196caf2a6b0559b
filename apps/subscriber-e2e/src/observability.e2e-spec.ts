import {
  createTestDatabase,
  Mosquitto,
  sleep,
  TestApi,
  TestGateway,
  TestSubscriber,
  WORKSPACE_ROOT,
  type TestDatabase,
} from '@healthcare/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const DIR = join(WORKSPACE_ROOT, 'docker/observability');

/** The metric names a PromQL expression uses (ours all start with healthcare_). */
function metricNames(expr: string): string[] {
  return expr.match(/\bhealthcare_[a-z0-9_]+/g) ?? [];
}

/** Every PromQL expression of the dashboard and of the alert rules, by where it is. */
function expressions(): Record<string, string> {
  const found: Record<string, string> = {};
  const dashboard = JSON.parse(
    readFileSync(join(DIR, 'grafana/dashboards/healthcare.json'), 'utf8'),
  ) as { panels: { title: string; targets: { expr: string }[] }[] };
  for (const panel of dashboard.panels) {
    for (const [i, target] of panel.targets.entries())
      found[`panel "${panel.title}" #${i}`] = target.expr;
  }
  const rules = parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  for (const rule of rules.groups.flatMap((g) => g.rules)) found[`alert ${rule.alert}`] = rule.expr;
  return found;
}

/** The dashboard and the alert rules name only metrics that running apps serve. */
describe('observability: the dashboard and the alert rules against running apps', () => {
  let broker: Mosquitto;
  let db: TestDatabase;
  let gateway: TestGateway;
  let subscriber: TestSubscriber;
  let api: TestApi;

  beforeAll(async () => {
    [broker, db] = await Promise.all([Mosquitto.start(), createTestDatabase('subscriber')]);
    subscriber = await TestSubscriber.start({ MQTT_URL: broker.url, DATABASE_URL: db.url });
    gateway = await TestGateway.start(broker.url, { auth: 'off' });
    // the subscriber has made the schema the API reads
    api = await TestApi.start({ DATABASE_URL: db.url });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([gateway?.stop(), subscriber?.app.stop(), api?.stop()]);
    await broker?.dispose();
    await db?.drop();
  }, 60_000);

  it('finds every metric they name on the gateway, the subscriber or the API', async () => {
    const all = expressions();
    expect(Object.keys(all).length).toBeGreaterThan(20);
    const missingFrom = (served: Set<string>) =>
      Object.entries(all).flatMap(([where, expr]) =>
        metricNames(expr)
          .filter((name) => !served.has(name))
          .map((name) => `${where}: ${name}`),
      );
    // Mosquitto's statistics (healthcare_mosquitto_*) appear once the subscriber has them
    const scrapeAll = () => Promise.all([gateway.metrics(), subscriber.scrape(), api.metrics()]);
    let [g, s, a] = await scrapeAll();
    const served = () => new Set([...g.names, ...s.names, ...a.names]);
    const deadline = Date.now() + 15_000;
    while (missingFrom(served()).length > 0 && Date.now() < deadline) {
      await sleep(250);
      [g, s, a] = await scrapeAll();
    }
    expect(missingFrom(served())).toEqual([]);
    expect(
      [...s.names].filter((n) => n.startsWith('healthcare_mosquitto_')).length,
    ).toBeGreaterThan(0);
    // and they are the apps' own: gateway metrics on the gateway, subscriber ones on the subscriber
    const foreign = (names: Set<string>, own: string) =>
      [...names].filter(
        (n) =>
          /^healthcare_(gateway|subscriber|api)_/.test(n) && !n.startsWith(`healthcare_${own}_`),
      );
    expect([
      foreign(g.names, 'gateway'),
      foreign(s.names, 'subscriber'),
      foreign(a.names, 'api'),
    ]).toEqual([[], [], []]);
    expect([...a.names].filter((n) => n.startsWith('healthcare_api_')).length).toBeGreaterThan(0);
  });
});
