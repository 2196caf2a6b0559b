import { ConsoleLogger, type LogLevel } from '@nestjs/common';

export type LogFormat = 'json' | 'text';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's console logger: one JSON object per line in production, readable text locally. */
export function createLogger(format: LogFormat, level: LogLevel = 'log'): ConsoleLogger {
  return new ConsoleLogger({
    json: format === 'json',
    colors: false,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
  });
}
