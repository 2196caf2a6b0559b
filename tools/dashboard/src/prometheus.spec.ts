import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { localScrapeConfig, PROMETHEUS_CONFIG, type ScrapeTarget } from './prometheus.js';

const TARGETS: ScrapeTarget[] = [
  { job: 'gateway', address: '127.0.0.1:41000', token: 'g' },
  { job: 'subscriber', address: '127.0.0.1:41001', token: 's' },
  { job: 'api', address: '127.0.0.1:41002', token: 'a' },
];

describe("the dashboard drawing's Prometheus config", () => {
  const text = readFileSync(PROMETHEUS_CONFIG, 'utf8');

  it("keeps every scrape job of the compose profile's, pointed at the local apps over HTTP", () => {
    const config = localScrapeConfig(text, TARGETS, 2, (t) => `/tmp/${t.job}.token`) as {
      global: Record<string, string>;
      rule_files?: unknown;
      scrape_configs: Record<string, unknown>[];
    };
    const jobs = (parse(text) as { scrape_configs: { job_name: string }[] }).scrape_configs;
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual(jobs.map((j) => j.job_name));
    expect(config.scrape_configs.find((j) => j.job_name === 'api')).toEqual({
      job_name: 'api',
      scheme: 'http',
      authorization: { type: 'Bearer', credentials_file: '/tmp/api.token' },
      static_configs: [{ targets: ['127.0.0.1:41002'] }],
    });
    expect(config.global).toMatchObject({ scrape_interval: '2s' });
    expect(config.rule_files).toBeUndefined();
  });

  it('refuses a scrape job it has no local app for', () => {
    expect(() => localScrapeConfig(text, TARGETS.slice(1), 2, () => '/tmp/t')).toThrow(
      'no local target for the scrape job gateway',
    );
  });
});
