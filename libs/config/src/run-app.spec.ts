import { IsInt, Max, Min } from 'class-validator';
import { runApp } from './run-app.js';

class ExampleConfig {
  @IsInt() @Min(1) @Max(65535) RUN_APP_SPEC_PORT = 5000;
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('runApp', () => {
  let stderr: string;
  let exits: unknown[];
  /** Whether the stand-in for process.exit stops the code after it, as the real one does. */
  let halt: boolean;

  beforeEach(() => {
    [stderr, exits, halt] = ['', [], true];
    jest.spyOn(process.stderr, 'write').mockImplementation((text) => {
      stderr += String(text);
      return true;
    });
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      exits.push(code);
      if (halt) throw new Error('process.exit');
      return undefined as never;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.RUN_APP_SPEC_PORT;
  });

  it('runs bootstrap with the loaded config', async () => {
    process.env.RUN_APP_SPEC_PORT = '7000';
    const bootstrap = jest.fn(() => Promise.resolve());
    runApp('example', ExampleConfig, bootstrap);
    await settled();
    expect(bootstrap).toHaveBeenCalledWith({ RUN_APP_SPEC_PORT: 7000 });
    expect(exits).toEqual([]);
    expect(stderr).toBe('');
  });

  it('stops with exit 1 and a message naming the bad variable, without bootstrapping', () => {
    process.env.RUN_APP_SPEC_PORT = 'abc';
    const bootstrap = jest.fn(() => Promise.resolve());
    expect(() => runApp('example', ExampleConfig, bootstrap)).toThrow('process.exit');
    expect(exits).toEqual([1]);
    expect(stderr).toMatch(
      /^example: Invalid configuration:\n {2}- RUN_APP_SPEC_PORT: .*\(got "abc"\)/,
    );
    expect(bootstrap).not.toHaveBeenCalled();
  });

  it('exits 1 with the error when bootstrap fails', async () => {
    halt = false;
    runApp('example', ExampleConfig, () => Promise.reject(new Error('port taken')));
    await settled();
    expect(exits).toEqual([1]);
    expect(stderr).toMatch(/^example failed to start: Error: port taken\n\s+at /);
  });
});
