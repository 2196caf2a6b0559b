import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardTypeErrors } from './grafana-dashboard.js';

const DASHBOARD = join(__dirname, 'observability/grafana/dashboards/healthcare.json');

interface DashboardJson {
  [field: string]: unknown;
  panels: { type: string; options: Record<string, unknown>; [field: string]: unknown }[];
}

const stat = (d: DashboardJson) => d.panels.find((p) => p.type === 'stat')!;
const timeseries = (d: DashboardJson) => d.panels.find((p) => p.type === 'timeseries')!;

/** Changes the schema does not allow: the same check must refuse each. */
const WRONG: [string, (d: DashboardJson) => void, RegExp][] = [
  ['an unknown dashboard field', (d) => (d.refreshEvery = '10s'), /"refreshEvery"/],
  ['a dashboard field of the wrong type', (d) => (d.refresh = 10), /'number' is not assignable/],
  ['an unknown panel field', (d) => (stat(d).titel = 'x'), /"titel"/],
  ['an unknown panel option', (d) => (timeseries(d).options.legendMode = 'list'), /"legendMode"/],
  ['a value outside an enum', (d) => (stat(d).options.colorMode = 'rainbow'), /"rainbow"/],
  ['a panel type it does not know', (d) => (stat(d).type = 'graph'), /'never'/],
];

describe("the Grafana dashboard against Grafana's own schema (@grafana/schema)", () => {
  const json = readFileSync(DASHBOARD, 'utf8');
  let errors: string[][];

  beforeAll(() => {
    const changed = WRONG.map(([, change]) => {
      const dashboard = JSON.parse(json) as DashboardJson;
      change(dashboard);
      return JSON.stringify(dashboard);
    });
    errors = dashboardTypeErrors([json, ...changed]);
  }, 120_000);

  it('fits the Dashboard type and each panel type', () => {
    expect(errors[0]).toEqual([]);
  });

  it.each(WRONG.map(([what, , error], i) => [what, error, i + 1] as const))(
    'refuses %s',
    (_what, error, i) => {
      expect(errors[i].join('\n')).toMatch(error);
    },
  );
});
