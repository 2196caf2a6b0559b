import type { ScenarioResult } from '../run/runner.js';
import type { Verdict } from './targets.js';

/**
 * The results as a plain-text table: each figure's median, every run's value, and its ratio to
 * its baseline with the target where the issue sets one.
 */
export function formatTable(
  results: ScenarioResult[],
  verdicts: Verdict[],
  judged: boolean,
): string {
  const rows: string[][] = [['scenario', 'figure', 'median', 'runs', 'ratio', 'target', '']];
  for (const result of results) {
    let first = true;
    const name = () => (first ? ((first = false), result.name) : '');
    const completed = result.runs.filter((r) => r.figures);
    for (const spec of result.figures) {
      // a figure of an optional phase left out of every run (e.g. --matched 0): no row
      if (completed.length > 0 && completed.every((r) => !(spec.key in r.figures!))) continue;
      const values = result.runs.map((r) => r.figures?.[spec.key]);
      const cells = [
        name(),
        spec.label,
        format(result.median[spec.key], spec.digits),
        values.map((v) => format(v, spec.digits)).join(' '),
      ];
      const own = verdicts.filter((v) => v.scenario === result.name && v.figure === spec.key);
      if (own.length === 0) rows.push([...cells, '', '', '']);
      own.forEach((verdict, i) => {
        const status =
          verdict.met === undefined ? '' : !judged ? '(quick)' : verdict.met ? 'met' : 'MISSED';
        rows.push([
          ...(i === 0 ? cells : ['', '', '', '']),
          verdict.ratio ?? '',
          verdict.target ?? '',
          status,
        ]);
      });
    }
    const checks = result.runs.filter((r) => r.countCheck);
    if (checks.length > 0) {
      const ok = checks.every((r) => r.countCheck!.rows === r.countCheck!.expected);
      const detail = checks.map((r) => `${r.countCheck!.rows}/${r.countCheck!.expected}`).join(' ');
      rows.push([
        name(),
        'rows = accepted',
        ok ? 'ok' : 'MISMATCH',
        detail,
        '',
        '',
        ok ? '' : 'FAILED',
      ]);
    }
    for (const failed of result.runs.filter((r) => !r.figures)) {
      rows.push([
        name(),
        `run ${failed.run} failed`,
        '',
        firstLine(failed.error),
        '',
        '',
        'FAILED',
      ]);
    }
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const numeric = new Set([2]);
  const line = (row: string[]) =>
    row
      .map((cell, col) =>
        numeric.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...rows.slice(1).map(line),
  ].join('\n');
}

function format(value: number | undefined, digits = 0): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function firstLine(text = ''): string {
  const line = text.split('\n')[0];
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
