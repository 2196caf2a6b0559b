import { PATIENT_ID_PATTERN, PATIENT_ID_RULE } from '@healthcare/contracts';
import { addReader, disableReader, issueReaderToken, listReaders } from '@healthcare/database';
import { UsageError } from '@healthcare/config';
import { print, runDatabaseCommand } from './command.js';

const USAGE = `usage: pnpm readers <command>

  add <name> [--patient <id>] [--valid-days <n>]
                    a new reader of every patient (or of one) and its token, on the last line
  token <name> [--replace] [--valid-days <n>]
                    another token for a reader (--replace: its other tokens stop working)
  list              readers, their scope and how many tokens work now
  disable <name>    none of the reader's tokens work any more

The token is shown once; the database keeps only its SHA-256 digest. Readers send it as
Authorization: Bearer <token> to the API. DATABASE_URL says where the database is.`;

const NAME = /^[A-Za-z0-9_.@-]{1,100}$/;

const OPTIONS = {
  patient: { type: 'string' },
  'valid-days': { type: 'string' },
  replace: { type: 'boolean' },
} as const;

runDatabaseCommand('readers', USAGE, OPTIONS, async (client, { values, positionals }) => {
  const [command, name, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  const validDays = days(values['valid-days']);
  switch (command) {
    case 'add': {
      const patient = values.patient ?? null;
      if (patient !== null && !PATIENT_ID_PATTERN.test(patient))
        throw new UsageError(PATIENT_ID_RULE);
      const token = await addReader(client, readerName(name), patient, validDays);
      print(
        `reader ${name} added: reads ${patient === null ? 'every patient' : `patient ${patient}`}`,
      );
      print('its token (shown once, keep it):');
      print(token);
      return;
    }
    case 'token': {
      const token = await issueReaderToken(client, readerName(name), {
        replace: values.replace,
        validDays,
      });
      print(
        `new token for reader ${name}${values.replace ? ' (its other tokens no longer work)' : ''}:`,
      );
      print(token);
      return;
    }
    case 'list': {
      const readers = await listReaders(client);
      if (readers.length === 0) return print('no readers');
      for (const r of readers) {
        const scope = r.patient === null ? 'every patient' : `patient ${r.patient}`;
        const state = r.disabledAt ? `disabled ${r.disabledAt.toISOString()}` : 'enabled';
        print(`${r.name}\t${scope}\t${state}\t${r.activeTokens} valid token(s)`);
      }
      return;
    }
    case 'disable':
      await disableReader(client, readerName(name));
      print(`reader ${name} disabled`);
      return;
    default:
      throw new UsageError(
        command === undefined ? 'a command is needed' : `unknown command ${command}`,
      );
  }
});

function readerName(name: string | undefined): string {
  if (name === undefined || !NAME.test(name)) {
    throw new UsageError('a reader name is 1-100 letters, digits, _ . @ or -');
  }
  return name;
}

function days(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3650)
    throw new UsageError('--valid-days must be 1-3650');
  return n;
}
