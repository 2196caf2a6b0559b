import { WORKSPACE_ROOT } from '@healthcare/testing';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { queryRange, type RangeSeries } from './prometheus.js';

export const DASHBOARD_FILE = join(
  WORKSPACE_ROOT,
  'docker/observability/grafana/dashboards/healthcare.json',
);

/** What this rendering reads of a Grafana panel (the rest of its JSON is Grafana's alone). */
interface Panel {
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: {
    defaults?: {
      unit?: string;
      mappings?: { type: string; options: Record<string, { text?: string; color?: string }> }[];
      thresholds?: { steps: { color: string; value: number | null }[] };
    };
  };
  targets: { expr: string; legendFormat?: string }[];
}

/** A panel with its data: the time grid shared by every series, each series' values on it. */
export interface DrawnPanel {
  type: string;
  title: string;
  gridPos: Panel['gridPos'];
  unit?: string;
  mappings: Record<string, { text?: string; color?: string }>;
  thresholds: { color: string; value: number | null }[];
  times: number[];
  series: { label: string; values: (number | null)[] }[];
}

/** Grafana's legend: `{{label}}` replaced by the series' label value; else the series' labels. */
export function legendOf(
  format: string | undefined,
  metric: Record<string, string>,
  expr: string,
): string {
  if (format)
    return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => metric[name] ?? '');
  const labels = Object.entries(metric).map(([k, v]) => `${k}="${v}"`);
  return labels.length ? `{${labels.join(', ')}}` : expr;
}

/**
 * Each panel of the repository's dashboard with its own queries run over [start, end] on a
 * Prometheus, as Grafana would run them (a range query per target, one point per `step`).
 */
export async function queryPanels(
  prometheusUrl: string,
  start: number,
  end: number,
  step: number,
): Promise<DrawnPanel[]> {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[] };
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  return Promise.all(
    dashboard.panels.map(async (panel) => {
      const series: DrawnPanel['series'] = [];
      for (const target of panel.targets) {
        const result: RangeSeries[] = await queryRange(
          prometheusUrl,
          target.expr,
          start,
          end,
          step,
        );
        for (const s of result) {
          const byTime = new Map(s.values.map(([t, v]) => [t, Number(v)]));
          series.push({
            label: legendOf(target.legendFormat, s.metric, target.expr),
            values: times.map((t) => {
              const v = byTime.get(t);
              return v === undefined || !Number.isFinite(v) ? null : v;
            }),
          });
        }
      }
      const defaults = panel.fieldConfig?.defaults ?? {};
      return {
        type: panel.type,
        title: panel.title,
        gridPos: panel.gridPos,
        unit: defaults.unit,
        mappings: Object.assign({}, ...(defaults.mappings ?? []).map((m) => m.options)) as Record<
          string,
          { text?: string; color?: string }
        >,
        thresholds: defaults.thresholds?.steps ?? [],
        times,
        series,
      };
    }),
  );
}

const require = createRequire(import.meta.url);

/**
 * Draws the panels on Grafana's 24-column grid in headless Chromium, time series with uPlot (the
 * chart library of the live page, apps/page), stat panels as their last value, and saves a PNG.
 */
export async function drawPanels(panels: DrawnPanel[], title: string, out: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.setContent(`<!doctype html><html><head><style>
      body { margin: 0; padding: 12px; background: #111217; color: #ccccdc;
             font: 13px system-ui, sans-serif; width: 1576px; }
      h1 { font-size: 18px; margin: 0 0 4px; font-weight: 500; }
      .note { color: #8e8e9e; margin: 0 0 10px; }
      .grid { position: relative; }
      .panel { position: absolute; box-sizing: border-box; background: #181b1f;
               border: 1px solid #2c3235; border-radius: 2px; padding: 6px 8px; overflow: hidden; }
      .panel h2 { font-size: 13px; margin: 0 0 4px; font-weight: 500; white-space: nowrap; }
      .stat { display: flex; gap: 8px; height: calc(100% - 22px); }
      .stat div { flex: 1; display: flex; flex-direction: column; align-items: center;
                  justify-content: center; border-radius: 2px; font-size: 26px; font-weight: 600; }
      .stat small { font-size: 11px; font-weight: 400; }
      .empty { color: #8e8e9e; }
      .u-legend { font-size: 11px; color: #ccccdc; text-align: left; }
      .u-legend th { font-weight: 400; }
      .u-axis { color: #8e8e9e; }
    </style></head><body><h1></h1><p class="note"></p><div class="grid"></div></body></html>`);
    await page.addStyleTag({ path: require.resolve('uplot/dist/uPlot.min.css') });
    await page.addScriptTag({ path: require.resolve('uplot/dist/uPlot.iife.min.js') });
    await page.evaluate(
      ({ panels, title }) => {
        type UPlot = new (
          options: object,
          data: (number | null)[][],
          target: HTMLElement,
        ) => object;
        const uPlot = (window as unknown as { uPlot: UPlot }).uPlot;
        const COLORS = [
          '#73bf69',
          '#f2cc0c',
          '#5794f2',
          '#ff9830',
          '#f2495c',
          '#b877d9',
          '#8ab8ff',
        ];
        const CELL_W = 1576 / 24;
        const CELL_H = 36;
        document.querySelector('h1')!.textContent = title;
        document.querySelector('.note')!.textContent =
          "A rendering of the dashboard's own panels and PromQL (docker/observability/grafana/dashboards/healthcare.json) " +
          'against Prometheus scraping a running pipeline; not a Grafana screenshot.';
        const grid = document.querySelector<HTMLElement>('.grid')!;
        grid.style.height = `${Math.max(...panels.map((p) => p.gridPos.y + p.gridPos.h)) * CELL_H}px`;
        const format = (v: number, unit?: string) => {
          if (unit === 's')
            return v < 1 ? `${(v * 1000).toPrecision(3)} ms` : `${v.toPrecision(3)} s`;
          if (unit === 'bytes') return `${(v / 1024 / 1024).toFixed(2)} MiB`;
          if (unit === 'Bps') return `${(v / 1024).toFixed(1)} KiB/s`;
          return Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(3);
        };
        for (const p of panels) {
          const box = document.createElement('div');
          box.className = 'panel';
          const [w, h] = [p.gridPos.w * CELL_W - 6, p.gridPos.h * CELL_H - 6];
          Object.assign(box.style, {
            left: `${p.gridPos.x * CELL_W}px`,
            top: `${p.gridPos.y * CELL_H}px`,
            width: `${w}px`,
            height: `${h}px`,
          });
          const heading = document.createElement('h2');
          heading.textContent = p.title;
          box.append(heading);
          grid.append(box);
          if (p.series.length === 0) {
            const none = document.createElement('div');
            none.className = 'empty';
            none.textContent = 'No data';
            box.append(none);
            continue;
          }
          if (p.type === 'stat') {
            const row = document.createElement('div');
            row.className = 'stat';
            for (const s of p.series) {
              const last = [...s.values].reverse().find((v) => v !== null) ?? null;
              const mapped = last === null ? undefined : p.mappings[String(last)];
              const step = [...p.thresholds]
                .reverse()
                .find((t) => t.value === null || (last ?? 0) >= t.value);
              const cell = document.createElement('div');
              cell.style.background = mapped?.color ?? step?.color ?? '#2c3235';
              cell.textContent = last === null ? '-' : (mapped?.text ?? format(last, p.unit));
              if (p.series.length > 1) {
                const label = document.createElement('small');
                label.textContent = s.label;
                cell.append(label);
              }
              row.append(cell);
            }
            box.append(row);
            continue;
          }
          const legendRows = Math.ceil(p.series.length / Math.max(1, Math.floor(w / 200)));
          new uPlot(
            {
              width: w - 18,
              height: h - 34 - legendRows * 24,
              series: [
                {},
                ...p.series.map((s, i) => ({
                  label: s.label,
                  stroke: COLORS[i % COLORS.length],
                  width: 1.5,
                  spanGaps: false,
                  value: (_: unknown, v: number | null) => (v === null ? '-' : format(v, p.unit)),
                })),
              ],
              axes: [
                {
                  stroke: '#8e8e9e',
                  grid: { stroke: '#2c3235' },
                  space: 80,
                  // the dashboard's time zone is UTC
                  values: (_: unknown, ticks: number[]) =>
                    ticks.map((t) => new Date(t * 1000).toISOString().slice(11, 19)),
                },
                {
                  stroke: '#8e8e9e',
                  grid: { stroke: '#2c3235' },
                  size: 72,
                  values: (_: unknown, ticks: number[]) => ticks.map((v) => format(v, p.unit)),
                },
              ],
              legend: { live: false },
              cursor: { show: false },
            },
            [p.times, ...p.series.map((s) => s.values)],
            box,
          );
        }
      },
      { panels, title },
    );
    const height = await page.evaluate(() => document.body.scrollHeight);
    await page.setViewportSize({ width: 1600, height });
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
}
