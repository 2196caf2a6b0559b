import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardTypeErrors } from './grafana-dashboard';

const DASHBOARD = join(__dirname, 'observability/grafana/dashboards/healthcare.json');

interface DashboardJson {
  [field: string]: unknown;
  panels: { type: string; options: Record<string, unknown>; [field: string]: unknown }[];
}

describe("the Grafana dashboard against Grafana's own schema (@grafana/schema)", () => {
  const json = readFileSync(DASHBOARD, 'utf8');

  it('fits the Dashboard type and each panel type', () => {
    expect(dashboardTypeErrors(json)).toEqual([]);
  }, 60_000);

  // the same check must refuse a dashboard that Grafana's schema does not describe
  const stat = (d: DashboardJson) => d.panels.find((p) => p.type === 'stat')!;
  const timeseries = (d: DashboardJson) => d.panels.find((p) => p.type === 'timeseries')!;
  it.each<[string, (d: DashboardJson) => void, RegExp]>([
    ['an unknown dashboard field', (d) => (d.refreshEvery = '10s'), /"refreshEvery"/],
    ['a dashboard field of the wrong type', (d) => (d.refresh = 10), /'number' is not assignable/],
    ['an unknown panel field', (d) => (stat(d).titel = 'x'), /"titel"/],
    ['an unknown panel option', (d) => (timeseries(d).options.legendMode = 'list'), /"legendMode"/],
    ['a value outside an enum', (d) => (stat(d).options.colorMode = 'rainbow'), /"rainbow"/],
    ['a panel type it does not know', (d) => (stat(d).type = 'graph'), /'never'/],
  ])(
    'refuses %s',
    (_what, change, error) => {
      const changed = JSON.parse(json) as DashboardJson;
      change(changed);
      const errors = dashboardTypeErrors(JSON.stringify(changed));
      expect(errors.join('\n')).toMatch(error);
    },
    60_000,
  );
});
