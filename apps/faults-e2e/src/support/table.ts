import type { DeviceStream } from '@healthcare/testing';
import type { StoredReport } from './check.js';

/**
 * One line per phase of the stream: the readings first sent in it, how many were answered
 * "received" and stored, the attempts repeated during it; and the readings its broker kill lost.
 */
export function countsTable(stream: DeviceStream, report: StoredReport): string {
  const header = ['fault', 'sent', 'received', 'resent', 'stored', 'lost (broker window)'];
  const lines = stream.phases.map((phase) => {
    const counts = stream.counts(phase);
    const stored = [...report.stored].filter((r) => r.phase === phase).length;
    const lost = report.lostInWindow.filter((r) => r.fault === phase).length;
    return [phase, counts.sent, counts.received, counts.resent, stored, lost].map(String);
  });
  const rows = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))),
    )
    .map((cells) => cells.join('  '))
    .join('\n');
}
