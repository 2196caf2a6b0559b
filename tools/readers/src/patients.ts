import { PATIENT_ID_PATTERN, PATIENT_ID_RULE, SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { assignDevice, endAssignment, listAssignments } from '@healthcare/database';
import { UsageError } from '@healthcare/config';
import { instant, print, runDatabaseCommand } from './command.js';

const USAGE = `usage: pnpm patients <command>

  assign <sensor_id> <patient> [--from <ISO date-time>]
                    the patient wears the device from then on (default now); whoever wore
                    it before stops at that moment and keeps the readings before it
  unassign <sensor_id> [--at <ISO date-time>]
                    nobody wears the device from then on (default now)
  list [--device <sensor_id>] [--patient <id>]
                    assignments, oldest first

Assignments of one device never overlap. DATABASE_URL says where the database is.`;

const LIST_LIMIT = 1000;

const OPTIONS = {
  from: { type: 'string' },
  at: { type: 'string' },
  device: { type: 'string' },
  patient: { type: 'string' },
} as const;

runDatabaseCommand('patients', USAGE, OPTIONS, async (client, { values, positionals }) => {
  const [command, ...args] = positionals;
  switch (command) {
    case 'assign': {
      const [sensorId, patient] = expect(args, 2);
      const a = await assignDevice(
        client,
        sensor(sensorId),
        patientId(patient),
        instant(values.from, '--from'),
      );
      print(`${a.sensorId} assigned to ${a.patient} from ${a.validFrom.toISOString()}`);
      return;
    }
    case 'unassign': {
      const [sensorId] = expect(args, 1);
      const a = await endAssignment(client, sensor(sensorId), instant(values.at, '--at'));
      print(`${a.sensorId} no longer assigned to ${a.patient} from ${a.validTo!.toISOString()}`);
      return;
    }
    case 'list': {
      expect(args, 0);
      const filter = {
        sensorId: values.device === undefined ? undefined : sensor(values.device),
        patient: values.patient === undefined ? undefined : patientId(values.patient),
      };
      const rows = await listAssignments(client, filter, LIST_LIMIT);
      if (rows.length === 0) return print('no assignments');
      for (const a of rows) {
        print(
          `${a.sensorId}\t${a.patient}\t${a.validFrom.toISOString()}\t${a.validTo?.toISOString() ?? 'now'}`,
        );
      }
      return;
    }
    default:
      throw new UsageError(
        command === undefined ? 'a command is needed' : `unknown command ${command}`,
      );
  }
});

function expect(args: string[], count: number): string[] {
  if (args.length !== count)
    throw new UsageError(`expected ${count} argument(s), got ${args.length}`);
  return args;
}

function sensor(value: string): string {
  if (!SENSOR_ID_PATTERN.test(value))
    throw new UsageError('a sensor_id is 1-50 letters, digits, _ or -');
  return value;
}

function patientId(value: string): string {
  if (!PATIENT_ID_PATTERN.test(value)) throw new UsageError(PATIENT_ID_RULE);
  return value;
}
