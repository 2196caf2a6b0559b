import { parseCommandLine, runTool, UsageError } from './run-tool.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('parseCommandLine', () => {
  const options = { kind: { type: 'string' }, force: { type: 'boolean' } } as const;

  it('reads options and positionals', () => {
    expect(parseCommandLine(['add', 'X', '--kind', 'pressure', '--force'], options)).toEqual({
      values: { kind: 'pressure', force: true },
      positionals: ['add', 'X'],
    });
  });

  it('takes an unknown option, a missing value and --help for a wrong command line', () => {
    expect(() => parseCommandLine(['--secret'], options)).toThrow(UsageError);
    expect(() => parseCommandLine(['--secret'], options)).toThrow(/^Unknown option '--secret'/);
    expect(() => parseCommandLine(['--kind'], options)).toThrow(UsageError);
    expect(() => parseCommandLine(['list', '-h'], options)).toThrow(new UsageError(''));
  });
});

describe('runTool', () => {
  let stderr: string;
  let exits: unknown[];
  const argv = process.argv;

  beforeEach(() => {
    [stderr, exits] = ['', []];
    jest.spyOn(process.stderr, 'write').mockImplementation((text) => {
      stderr += String(text);
      return true;
    });
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      exits.push(code);
      return undefined as never;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.argv = argv;
  });

  const tool = (args: string[], run: (command: string[]) => Promise<void>) => {
    process.argv = ['node', 'tool.js', ...args];
    runTool({
      name: 'tool',
      usage: 'usage: tool <command>',
      parse: (line) => {
        const { positionals } = parseCommandLine(line, {});
        if (positionals.length === 0) throw new UsageError('a command is needed');
        return positionals;
      },
      run,
      label: ([command]) => `tool ${command}`,
    });
  };

  it('runs the command and exits 0', async () => {
    const run = jest.fn(() => Promise.resolve());
    tool(['list'], run);
    await settled();
    expect(run).toHaveBeenCalledWith(['list']);
    expect(exits).toEqual([0]);
    expect(stderr).toBe('');
  });

  it('answers a wrong command line with what is wrong and the usage, exit 2, without running', async () => {
    const run = jest.fn(() => Promise.resolve());
    tool([], run);
    tool(['--help'], run);
    await settled();
    expect(run).not.toHaveBeenCalled();
    expect(exits).toEqual([2, 2]);
    expect(stderr).toBe(
      'tool: a command is needed\n\nusage: tool <command>\n' + 'usage: tool <command>\n',
    );
  });

  it('says a failure in one line after its label, exit 1; a UsageError of the run is exit 2', async () => {
    tool(['add'], () => Promise.reject(new Error('refused:\nno such thing')));
    await settled();
    expect([exits, stderr]).toEqual([[1], 'tool add: refused: no such thing\n']);

    [stderr, exits] = ['', []];
    tool(['add'], () => Promise.reject(new UsageError('add needs a name')));
    await settled();
    expect([exits, stderr]).toEqual([[2], 'tool: add needs a name\n\nusage: tool <command>\n']);
  });
});
