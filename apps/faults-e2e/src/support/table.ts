import type { DeviceStream, SentReading } from '@healthcare/testing';
import type { StoredReport } from './check.js';

/**
 * One line per phase of the stream: the readings first sent in it, how many of them were answered
 * "received" and are stored, the attempts repeated during it; and the readings answered before
 * its fault and lost to it, within the broker's stated window or not (a failure).
 */
export function countsTable(
  stream: DeviceStream,
  report: StoredReport,
  blame: (reading: SentReading) => string | undefined,
): string {
  const header = ['fault', 'sent', 'received', 'resent', 'stored', 'lost in window', 'lost'];
  const lostTo = (phase: string) =>
    report.missing.filter((reading) => blame(reading) === phase).length;
  const lines = stream.phases.map((phase) => {
    const counts = stream.counts(phase);
    const stored = [...report.stored].filter((r) => r.phase === phase).length;
    const inWindow = report.lostInWindow.filter((r) => r.fault === phase).length;
    return [phase, counts.sent, counts.received, counts.resent, stored, inWindow, lostTo(phase)];
  });
  const rows = [header, ...lines.map((line) => line.map(String))];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))),
    )
    .map((cells) => cells.join('  '))
    .join('\n');
}
