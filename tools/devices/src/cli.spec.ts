import { UsageError } from '@healthcare/config';
import { parseCommand } from './cli.js';

describe('parseCommand', () => {
  it('reads each command', () => {
    expect(parseCommand(['add', 'Temp_042', '--kind', 'temperature'])).toEqual({
      name: 'add',
      id: 'Temp_042',
      kind: 'temperature',
      out: undefined,
      ifExists: 'fail',
      graceMs: 0,
    });
    expect(parseCommand(['rotate', 'Temp_042', '--grace', '1h'])).toEqual({
      name: 'rotate',
      id: 'Temp_042',
      graceMs: 3_600_000,
      out: undefined,
    });
    expect(parseCommand(['rotate', 'Temp_042'])).toMatchObject({ graceMs: 0 });
    expect(parseCommand(['disable', 'Temp_042'])).toEqual({ name: 'disable', id: 'Temp_042' });
    expect(parseCommand(['enable', 'Temp_042'])).toEqual({ name: 'enable', id: 'Temp_042' });
    expect(parseCommand(['list'])).toEqual({ name: 'list' });
  });

  it.each([
    [[], ''],
    [['remove', 'X'], 'unknown command "remove"'],
    [['add', 'X'], 'add needs --kind'],
    [['add', '--kind', 'temperature'], 'add needs a sensor_id'],
    [['rotate', 'X', '--grace', 'soon'], '--grace must be a duration'],
    [['disable', 'X', '--kind', 'pressure'], 'disable takes no --kind'],
    [['list', 'X'], 'unexpected arguments: X'],
    [
      ['add', 'X', '--kind', 'pressure', '--if-exists', 'skip'],
      '--if-exists must be fail or rotate',
    ],
  ])('refuses %p', (args, message) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
    expect(() => parseCommand(args)).toThrow(message);
  });

  it('refuses an unknown option as a wrong command line', () => {
    expect(() => parseCommand(['list', '--secret'])).toThrow(UsageError);
    expect(() => parseCommand(['list', '--secret'])).toThrow(/Unknown option '--secret'/);
  });

  it('answers --help with the usage alone', () => {
    expect(() => parseCommand(['--help'])).toThrow(new UsageError(''));
  });
});
