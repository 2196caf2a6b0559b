import type { ScenarioResult } from '../run/runner.js';
import { formatTable } from './table.js';
import { evaluate } from './targets.js';

const result = (
  name: string,
  median: Record<string, number>,
  extra: Partial<ScenarioResult> = {},
): ScenarioResult => ({
  name,
  group: 'baseline',
  description: '',
  figures: Object.keys(median).map((key) => ({ key, label: key })),
  runs: [{ run: 1, ok: true, seconds: 1, figures: median }],
  median,
  ...extra,
});

describe('evaluate', () => {
  it('judges ratios against baselines measured in the same run, and limits', () => {
    const verdicts = evaluate([
      result('http-bare', { requests: 20_000 }),
      result('naive-chain', { sustained: 1000 }),
      result('ingest-rest', { accepted: 6000, rows: 5900, gatewayRss: 150, subscriberRss: 210 }),
    ]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        {
          scenario: 'ingest-rest',
          figure: 'accepted',
          ratio: '0.30 x http-bare',
          target: '>= 0.25',
          met: true,
        },
        // the naive chain is shown, not a target (issue 11)
        { scenario: 'ingest-rest', figure: 'rows', ratio: '5.90 x naive-chain' },
        { scenario: 'ingest-rest', figure: 'gatewayRss', target: '<= 200', met: true },
        { scenario: 'ingest-rest', figure: 'subscriberRss', target: '<= 200', met: false },
      ]),
    );
  });

  it('judges CPU per reading as at most a multiple of its baseline', () => {
    const verdicts = evaluate([
      result('ws-bare', { messages: 50_000, serverUs: 10 }),
      result('mqtt-pipe', { messages: 30_000, subscriberUs: 8 }),
      result('pg-copy', { rows: 60_000, postgresUs: 5 }),
      result('ingest-ws', {
        accepted: 20_000,
        rows: 20_000,
        gatewayUs: 21,
        subscriberUs: 12,
        postgresUs: 9,
      }),
    ]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        {
          scenario: 'ingest-ws',
          figure: 'gatewayUs',
          ratio: '2.10 x ws-bare',
          target: '<= 2',
          met: false,
        },
        {
          scenario: 'ingest-ws',
          figure: 'subscriberUs',
          ratio: '1.50 x mqtt-pipe',
          target: '<= 1.5',
          met: true,
        },
        { scenario: 'ingest-ws', figure: 'postgresUs', ratio: '1.80 x pg-copy' },
      ]),
    );
  });

  it("applies issue 11's CPU targets to the floors, and shows the system against its floor", () => {
    const verdicts = evaluate([
      result('http-bare', { requests: 20_000, serverUs: 10 }),
      result('mqtt-pipe', { messages: 30_000, subscriberUs: 8 }),
      result('gateway-floor-rest', { requests: 5000, serverUs: 25 }),
      result('subscriber-floor', { rows: 20_000, subscriberUs: 10 }),
      result('ingest-rest', { accepted: 4000, gatewayUs: 50, subscriberUs: 20 }),
      result('ingest-rest-tls', { accepted: 3000, gatewayUs: 70, subscriberUs: 30 }),
    ]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        {
          scenario: 'gateway-floor-rest',
          figure: 'serverUs',
          ratio: '2.50 x http-bare',
          target: '<= 2',
          met: false,
        },
        {
          scenario: 'subscriber-floor',
          figure: 'subscriberUs',
          ratio: '1.25 x mqtt-pipe',
          target: '<= 1.5',
          met: true,
        },
        { scenario: 'ingest-rest', figure: 'gatewayUs', ratio: '2.00 x gateway-floor-rest' },
        { scenario: 'ingest-rest', figure: 'subscriberUs', ratio: '2.00 x subscriber-floor' },
      ]),
    );
    // the floor scenarios are plain: a TLS ingest is not set against them
    const tlsAgainstFloor = verdicts.filter(
      (v) => v.scenario === 'ingest-rest-tls' && v.ratio?.includes('floor'),
    );
    expect(tlsAgainstFloor).toEqual([]);
  });

  it('says when the baseline was not part of the run instead of judging', () => {
    const verdicts = evaluate([result('drain', { rows: 20_000 })]);
    expect(verdicts).toContainEqual({
      scenario: 'drain',
      figure: 'rows',
      baseline: { scenario: 'mqtt-pipe', figure: 'messages' },
      atLeast: 0.8,
      ratio: '(no mqtt-pipe in this run)',
      target: '>= 0.8',
    });
  });
});

describe('evaluate with TLS and readers', () => {
  it('judges a TLS ingest scenario against its TLS baseline with the plain target, and shows the cost of TLS', () => {
    const verdicts = evaluate([
      result('http-bare', { requests: 20_000 }),
      result('https-bare', { requests: 10_000 }),
      result('ingest-rest-tls', { accepted: 2000 }),
    ]);
    expect(verdicts).toContainEqual({
      scenario: 'ingest-rest-tls',
      figure: 'accepted',
      ratio: '0.20 x https-bare',
      target: '>= 0.25',
      met: false,
    });
    expect(verdicts).toContainEqual({
      scenario: 'https-bare',
      figure: 'requests',
      ratio: '0.50 x http-bare',
      target: undefined,
      met: undefined,
    });
    expect(
      verdicts.some((v) => v.ratio?.endsWith('x http-bare') && v.scenario !== 'https-bare'),
    ).toBe(false);
  });

  it('holds the ingest latency with readers to the limits of ingest-mixed and shows it beside the ingest without them', () => {
    const verdicts = evaluate([
      result('read-during-ingest', { p50: 6, p99: 60, aloneP50: 4, aloneP99: 20 }),
    ]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        { scenario: 'read-during-ingest', figure: 'p99', ratio: '3.00 x aloneP99' },
        { scenario: 'read-during-ingest', figure: 'p50', target: '<= 10', met: true },
        { scenario: 'read-during-ingest', figure: 'p99', target: '<= 50', met: false },
      ]),
    );
  });
});

describe('formatTable', () => {
  it('shows medians, every run, ratios with targets, and count checks', () => {
    const results = [
      result('mqtt-pipe', { messages: 20_000 }),
      result(
        'ingest-ws',
        { rows: 9000 },
        {
          group: 'system',
          runs: [
            {
              run: 1,
              ok: true,
              seconds: 1,
              figures: { rows: 8000 },
              countCheck: { expected: 5, rows: 5 },
            },
            { run: 2, ok: false, seconds: 1, error: 'gateway exited\nmore' },
          ],
        },
      ),
    ];
    const table = formatTable(results, evaluate(results), true);
    expect(table).toContain('20,000');
    expect(table).toMatch(
      /ingest-ws\s+rows\s+9,000\s+8,000 -\s+0\.45 x mqtt-pipe\s+>= 0\.6\s+MISSED/,
    );
    expect(table).toMatch(/rows = accepted\s+ok\s+5\/5/);
    expect(table).toMatch(/run 2 failed\s+gateway exited\s+FAILED/);
    expect(formatTable(results, evaluate(results), false)).toContain('(quick)');
  });

  it('leaves out a figure that no completed run has (a phase left out)', () => {
    const shown = result('ingest-rest', { accepted: 6000 });
    shown.figures.push({ key: 'gatewayPerBareMatched', label: 'at its rate' });
    expect(formatTable([shown], [], true)).not.toContain('at its rate');
    shown.runs[0].figures!.gatewayPerBareMatched = NaN;
    expect(formatTable([shown], [], true)).toMatch(/at its rate\s+-/);
  });
});
