import { freePort, WORKSPACE_ROOT } from '@healthcare/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** An app Prometheus scrapes: its job name in docker/observability/prometheus.yml. */
export interface ScrapeTarget {
  job: string;
  /** host:port of its plain-HTTP /metrics. */
  address: string;
  token: string;
}

interface ScrapeConfig {
  job_name: string;
  scheme?: string;
  tls_config?: unknown;
  authorization?: { type: string; credentials_file?: string };
  static_configs: { targets: string[] }[];
}

export const PROMETHEUS_CONFIG = join(WORKSPACE_ROOT, 'docker/observability/prometheus.yml');

/**
 * The compose profile's Prometheus config (`text`) for apps on this machine: each scrape job of it
 * pointed at its target's plain-HTTP address with the target's token (in the file `tokenFile`
 * gives), every `intervalSeconds`, without the alert rules. A job with no target is an error: the
 * drawing would miss its panels.
 */
export function localScrapeConfig(
  text: string,
  targets: ScrapeTarget[],
  intervalSeconds: number,
  tokenFile: (target: ScrapeTarget) => string,
): object {
  const config = parse(text) as {
    global: Record<string, string>;
    rule_files?: string[];
    scrape_configs: ScrapeConfig[];
  };
  config.global.scrape_interval = `${intervalSeconds}s`;
  config.global.evaluation_interval = `${intervalSeconds}s`;
  delete config.rule_files;
  config.scrape_configs = config.scrape_configs.map((job) => {
    const target = targets.find((t) => t.job === job.job_name);
    if (!target) throw new Error(`no local target for the scrape job ${job.job_name}`);
    const local: ScrapeConfig = {
      ...job,
      scheme: 'http',
      authorization: { type: 'Bearer', credentials_file: tokenFile(target) },
      static_configs: [{ targets: [target.address] }],
    };
    delete local.tls_config;
    return local;
  });
  return config;
}

/**
 * Debian's prometheus on a free port of 127.0.0.1, with the scrape jobs of the compose profile's
 * own prometheus.yml pointed at local plain-HTTP apps, scraping every `intervalSeconds`.
 */
export class LocalPrometheus {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(targets: ScrapeTarget[], intervalSeconds: number): Promise<LocalPrometheus> {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-prometheus-'));
    const config = localScrapeConfig(
      readFileSync(PROMETHEUS_CONFIG, 'utf8'),
      targets,
      intervalSeconds,
      (target) => {
        const file = join(dir, `${target.job}.token`);
        writeFileSync(file, target.token);
        return file;
      },
    );
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, stringify(config));
    const port = await freePort();
    const child = spawn(
      process.env.PROMETHEUS_PATH ?? 'prometheus',
      [
        `--config.file=${file}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    const prometheus = new LocalPrometheus(child, dir, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${prometheus.url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return prometheus;
      if (child.exitCode !== null || Date.now() > deadline) {
        await prometheus.stop();
        throw new Error(`prometheus did not start (exit ${child.exitCode})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One series of a range query: its labels and its [unix seconds, value] points. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** GET /api/v1/query_range: `expr` from `start` to `end` (unix seconds) every `step` seconds. */
export async function queryRange(
  prometheusUrl: string,
  expr: string,
  start: number,
  end: number,
  step: number,
): Promise<RangeSeries[]> {
  const url = new URL('/api/v1/query_range', prometheusUrl);
  for (const [k, v] of Object.entries({ query: expr, start, end, step }))
    url.searchParams.set(k, String(v));
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: RangeSeries[] };
  };
  if (body.status !== 'success' || !body.data) {
    throw new Error(`query ${expr}: ${body.error ?? response.status}`);
  }
  return body.data.result;
}
