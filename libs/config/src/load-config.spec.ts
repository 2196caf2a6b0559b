import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigError, loadConfig } from './load-config.js';

class ExampleConfig {
  @IsInt() @Min(1) @Max(65535) PORT = 5000;
  @IsString() NAME = 'x';
  @IsIn(['json', 'text']) LOG_FORMAT: 'json' | 'text' = 'text';
}

describe('loadConfig', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(loadConfig(ExampleConfig, {})).toEqual({ PORT: 5000, NAME: 'x', LOG_FORMAT: 'text' });
  });

  it('converts numbers and ignores unrelated variables', () => {
    const config = loadConfig(ExampleConfig, { PORT: '7000', HOME: '/root', NAME: '' });
    expect(config.PORT).toBe(7000);
    expect(config.NAME).toBe('x');
  });

  it('names every bad variable and what it was given', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, { PORT: 'abc', LOG_FORMAT: 'xml' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: .*integer.* \(got "abc"\)/);
    expect(message).toMatch(/LOG_FORMAT: .* \(got "xml"\)/);
    expect(message).not.toMatch(/NAME/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig(ExampleConfig, { PORT: '70000' })).toThrow(
      /PORT: PORT must not be greater than 65535/,
    );
  });
});
