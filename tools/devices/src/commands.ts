import {
  listDevices,
  registerDevice,
  rotateDevice,
  setDeviceEnabled,
  type DeviceSummary,
} from '@healthcare/database';
import { writeFile } from 'node:fs/promises';
import type pg from 'pg';
import type { Command } from './cli.js';

/** Runs a command on the registry; returns the lines to print (a token alone on the last). */
export async function runCommand(db: pg.ClientBase, command: Command): Promise<string[]> {
  switch (command.name) {
    case 'add': {
      const { token, oldUntil } = await registerDevice(db, command.id, command.kind, command);
      await saveToken(token, command.out);
      const what =
        oldUntil === undefined
          ? `added device ${command.id} (${command.kind} readings)`
          : `device ${command.id} exists: a new token, ${oldEnd(oldUntil)}`;
      return [what, ...tokenLines(token, command.out)];
    }
    case 'rotate': {
      const { token, oldUntil } = await rotateDevice(db, command.id, command.graceMs);
      await saveToken(token, command.out);
      return [
        `a new token for ${command.id}, ${oldEnd(oldUntil)}`,
        ...tokenLines(token, command.out),
      ];
    }
    case 'disable':
      await setDeviceEnabled(db, command.id, false);
      return [
        `device ${command.id} disabled: gateways refuse its readings within seconds and close its open WebSockets`,
      ];
    case 'enable':
      await setDeviceEnabled(db, command.id, true);
      return [`device ${command.id} enabled`];
    case 'list':
      return table(await listDevices(db));
  }
}

function oldEnd(until: Date): string {
  return until.getTime() > Date.now()
    ? `the old one valid until ${until.toISOString()}`
    : 'the old one no longer valid';
}

function tokenLines(token: string, out: string | undefined): string[] {
  return [
    `its token${out ? ` (also written to ${out})` : ''}, shown only this once; the device sends it as "Authorization: Bearer <token>":`,
    token,
  ];
}

async function saveToken(token: string, out: string | undefined): Promise<void> {
  if (out !== undefined) await writeFile(out, `${token}\n`, { mode: 0o600 });
}

function table(devices: DeviceSummary[]): string[] {
  if (devices.length === 0)
    return ['no devices; add one with: pnpm devices add <sensor_id> --kind <kind>'];
  const rows = [
    ['SENSOR_ID', 'KIND', 'STATE', 'TOKENS', 'VALID UNTIL', 'CREATED', 'UPDATED'],
    ...devices.map((d) => [
      d.id,
      d.kind,
      d.enabled ? 'enabled' : 'disabled',
      String(d.activeCredentials),
      d.activeCredentials === 0 ? '-' : (d.validUntil?.toISOString() ?? 'no end'),
      d.createdAt.toISOString(),
      d.updatedAt.toISOString(),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
