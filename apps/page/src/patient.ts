import uPlot from 'uplot';
import { api } from './api.js';

const RANGES = [
  { label: '6 hours', hours: 6, bucket: '5m' },
  { label: '24 hours', hours: 24, bucket: '15m' },
  { label: '7 days', hours: 168, bucket: '1h' },
];
const KINDS = [
  { kind: 'pressure', fields: ['systolic', 'diastolic'], unit: 'mmHg' },
  { kind: 'heartRate', fields: ['value'], unit: 'bpm' },
  { kind: 'temperature', fields: ['value'], unit: '°C' },
];

interface Bucket {
  start: string;
  count: number;
  [field: string]: unknown;
}

/** A patient's page: each kind's mean per bucket over a longer range (the aggregate API). */
export class PatientView {
  private charts: uPlot[] = [];

  constructor(
    private readonly title: HTMLElement,
    private readonly ranges: HTMLElement,
    private readonly container: HTMLElement,
  ) {}

  async show(patient: string, rangeIndex = 0): Promise<void> {
    this.title.textContent = patient;
    this.ranges.replaceChildren(
      ...RANGES.map((r, i) => {
        const button = document.createElement('button');
        button.textContent = r.label;
        button.disabled = i === rangeIndex;
        button.addEventListener('click', () => void this.show(patient, i));
        return button;
      }),
    );
    const range = RANGES[rangeIndex];
    const to = new Date();
    const from = new Date(to.getTime() - range.hours * 3600_000);
    this.clear();
    for (const { kind, fields, unit } of KINDS) {
      const query = new URLSearchParams({
        patient,
        bucket: range.bucket,
        from: from.toISOString(),
        to: to.toISOString(),
      });
      const { buckets } = await api<{ buckets: Bucket[] }>(`/readings/${kind}/aggregates?${query}`);
      const data: uPlot.AlignedData = [
        buckets.map((b) => Date.parse(b.start) / 1000),
        ...fields.map((f) => buckets.map((b) => (b[f] as { mean: number }).mean)),
      ];
      const element = document.createElement('div');
      const heading = document.createElement('h3');
      heading.textContent = `${kind} (${unit}), mean per ${range.bucket}`;
      element.append(heading);
      this.container.append(element);
      this.charts.push(
        new uPlot(
          {
            width: Math.min(900, window.innerWidth - 40),
            height: 200,
            series: [
              {},
              ...fields.map((f, i) => ({ label: f, stroke: i ? '#457b9d' : '#e63946' })),
            ],
          },
          data,
          element,
        ),
      );
    }
  }

  clear(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    this.container.replaceChildren();
  }
}
