import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const DIR = join(__dirname, 'observability');

/** promtool, when installed (Debian's `prometheus` package has it). */
function promtool(): string | undefined {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return 'promtool';
  } catch {
    return undefined;
  }
}
const PROMTOOL = promtool();
if (!PROMTOOL) {
  process.stderr.write(
    'observability.spec: promtool not found (Debian: apt-get install prometheus); ' +
      'the Prometheus config and rules are checked only for their structure here\n',
  );
}

describe('the observability profile: Prometheus config and alert rules', () => {
  const config = parse(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')) as {
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      scheme?: string;
      tls_config?: { ca_file?: string };
      authorization?: { credentials_file?: string };
      static_configs: { targets: string[] }[];
    }[];
  };

  it('scrapes the gateway, the subscriber and the API over HTTPS with the stack CA and a token read from a file', () => {
    expect(config.scrape_configs.map((c) => [c.job_name, c.static_configs])).toEqual([
      ['gateway', [{ targets: ['gateway:5000'] }]],
      ['subscriber', [{ targets: ['subscriber:5001'] }]],
      ['api', [{ targets: ['api:5002'] }]],
    ]);
    for (const job of config.scrape_configs) {
      expect(job).toMatchObject({
        scheme: 'https',
        tls_config: { ca_file: '/certs/ca.crt' },
        authorization: { credentials_file: '/run/secrets/metrics_token' },
      });
    }
  });

  it('has the alerts for a stalled subscriber, rising rejections and a database outage', () => {
    const rules = parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining(['SubscriberStalled', 'ReadingRejectionRateRising', 'DatabaseOutage']),
    );
  });

  (PROMTOOL ? it : it.skip)('passes promtool check config (which also checks the rules)', () => {
    // the paths as the container sees them, laid out in a folder of their own
    const root = mkdtempSync(join(tmpdir(), 'prometheus-'));
    mkdirSync(join(root, 'secrets'));
    writeFileSync(join(root, 'secrets', 'metrics_token'), 'test-token\n');
    copyFileSync(join(DIR, 'alerts.yml'), join(root, 'alerts.yml'));
    const text = readFileSync(join(DIR, 'prometheus.yml'), 'utf8')
      .replaceAll('/etc/prometheus/', `${root}/`)
      .replaceAll('/run/secrets/', `${root}/secrets/`);
    writeFileSync(join(root, 'prometheus.yml'), text);
    const output = execFileSync(PROMTOOL!, ['check', 'config', join(root, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(output).toMatch(/SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });

  (PROMTOOL ? it : it.skip)('passes promtool check rules', () => {
    const output = execFileSync(PROMTOOL!, ['check', 'rules', join(DIR, 'alerts.yml')], {
      encoding: 'utf8',
    });
    expect(output).toMatch(/SUCCESS: 7 rules found/);
  });
});

describe('the observability profile: Grafana', () => {
  it('provisions the Prometheus data source and a dashboard that parses', () => {
    const dashboard = JSON.parse(
      readFileSync(join(DIR, 'grafana/dashboards/healthcare.json'), 'utf8'),
    ) as { uid: string; panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.uid).toBe('healthcare-iot');
    expect(dashboard.panels.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        'Readings per second by protocol',
        'Refusals per second by reason',
        'Subscriber lag',
        'Held acknowledgements and pending readings',
        'Commit latency',
        'Send to commit (reading timestamp to stored_at)',
        'Broker: clients and subscriptions',
        'Broker: publishes per second',
      ]),
    );
    const source = parse(
      readFileSync(join(DIR, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: { uid: string; url: string }[] };
    expect(source.datasources).toEqual([
      expect.objectContaining({ uid: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
  });
});
