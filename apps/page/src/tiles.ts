import type { VitalParameter, VitalValue, VitalsMessage } from '@healthcare/contracts';
import { ALERT_PARTIAL_SCORE, isStale, scoreParameter } from '@healthcare/early-warning';
import uPlot from 'uplot';

export const PARAMETERS: { key: VitalParameter; label: string; unit: string; colour: string }[] = [
  { key: 'systolic', label: 'Systolic', unit: 'mmHg', colour: '#1d3557' },
  { key: 'pulse', label: 'Pulse', unit: 'bpm', colour: '#e63946' },
  { key: 'temperature', label: 'Temperature', unit: '°C', colour: '#2a9d8f' },
];

const HOUR_S = 3600;
type Series = [number, number][];

/** A patient's tile: newest value, age and band of each vital, and the last hour's chart. */
export class Tile {
  readonly element: HTMLElement;
  private vitals: VitalsMessage['vitals'] = {};
  private readonly rows = new Map<VitalParameter, HTMLElement>();
  private readonly times: number[] = [];
  private readonly values: (number | null)[][] = PARAMETERS.map(() => []);
  private readonly chart: uPlot;
  private dirty = false;

  constructor(
    readonly patient: string,
    history: Partial<Record<VitalParameter, Series>>,
    /** The API's VITAL_MAX_AGE_S: an older value is shown as stale and counts in no score. */
    private readonly maxAgeSeconds: number,
  ) {
    this.element = document.createElement('article');
    this.element.className = 'tile';
    this.element.dataset.patient = patient;
    const title = document.createElement('h3');
    const link = document.createElement('a');
    link.href = `#patient=${encodeURIComponent(patient)}`;
    link.textContent = patient;
    const score = document.createElement('span');
    score.className = 'partial';
    title.append(link, score);
    this.element.append(title);
    for (const p of PARAMETERS) {
      const row = document.createElement('div');
      row.className = 'vital';
      row.dataset.parameter = p.key;
      row.innerHTML = `<span class="label"></span><span class="value">–</span><span class="age"></span>`;
      row.querySelector('.label')!.textContent = p.label;
      this.rows.set(p.key, row);
      this.element.append(row);
    }
    const chart = document.createElement('div');
    chart.className = 'chart';
    this.element.append(chart);
    this.loadHistory(history);
    this.chart = new uPlot(
      {
        width: 270,
        height: 90,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, v: {}, t: {} },
        axes: [
          { size: 20, font: '10px sans-serif' },
          { scale: 'v', size: 32, font: '10px sans-serif' },
          { scale: 't', side: 1, size: 32, font: '10px sans-serif', grid: { show: false } },
        ],
        series: [
          {},
          ...PARAMETERS.map((p) => ({
            label: p.label,
            stroke: p.colour,
            scale: p.key === 'temperature' ? 't' : 'v',
            spanGaps: true,
            points: { show: false },
          })),
        ],
      },
      this.aligned(),
      chart,
    );
  }

  update(message: VitalsMessage): void {
    this.vitals = message.vitals;
    const at = Date.now() / 1000;
    this.times.push(at);
    PARAMETERS.forEach((p, i) => this.values[i].push(message.vitals[p.key]?.value ?? null));
    this.dirty = true;
  }

  /** Redraws what changed and the ages; called once a second for every tile. */
  render(now: number): void {
    let total = 0;
    let red = false;
    for (const p of PARAMETERS) {
      const row = this.rows.get(p.key)!;
      const vital: VitalValue | undefined = this.vitals[p.key];
      if (!vital) continue;
      row.querySelector('.value')!.textContent = `${vital.value} ${p.unit}`;
      row.querySelector('.age')!.textContent = age(now - Date.parse(vital.at));
      // it ages on the page too: once too old it has no band and counts in no sum
      if (isStale(vital.at, now, this.maxAgeSeconds)) {
        row.className = 'vital stale';
        continue;
      }
      const score = scoreParameter(p.key, vital.value);
      total += score ?? 0;
      red ||= score === 3;
      row.className = `vital score-${score ?? 'none'}`;
    }
    const risk = red ? 'high' : total >= ALERT_PARTIAL_SCORE ? 'medium' : 'low';
    this.element.className = `tile risk-${risk}`;
    this.element.querySelector('.partial')!.textContent = `partial NEWS2 ${total}`;
    if (!this.dirty) return;
    this.dirty = false;
    this.trim(now / 1000 - HOUR_S);
    this.chart.setData(this.aligned());
  }

  destroy(): void {
    this.chart.destroy();
    this.element.remove();
  }

  private loadHistory(history: Partial<Record<VitalParameter, Series>>): void {
    const minutes = new Map<number, (number | null)[]>();
    PARAMETERS.forEach((p, i) => {
      for (const [t, v] of history[p.key] ?? []) {
        const row = minutes.get(t) ?? [null, null, null];
        row[i] = v;
        minutes.set(t, row);
      }
    });
    for (const t of [...minutes.keys()].sort((a, b) => a - b)) {
      this.times.push(t / 1000);
      minutes.get(t)!.forEach((v, i) => this.values[i].push(v));
    }
  }

  /** Keeps the last hour only, so a tile's memory stays bounded. */
  private trim(since: number): void {
    let drop = 0;
    while (drop < this.times.length && this.times[drop] < since) drop++;
    if (drop === 0) return;
    this.times.splice(0, drop);
    for (const column of this.values) column.splice(0, drop);
  }

  private aligned(): uPlot.AlignedData {
    return [this.times, ...this.values];
  }
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}
