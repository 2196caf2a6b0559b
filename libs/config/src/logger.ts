import { ConsoleLogger, type LogLevel } from '@nestjs/common';

export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Nest's levels, most severe first: a level logs itself and everything before it. */
export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'log',
  'debug',
  'verbose',
];

/** Nest's console logger: one JSON object per line in production, readable text locally. */
export function createLogger({
  LOG_FORMAT,
  LOG_LEVEL,
}: {
  LOG_FORMAT: LogFormat;
  LOG_LEVEL: LogLevel;
}): ConsoleLogger {
  return new ConsoleLogger({
    json: LOG_FORMAT === 'json',
    colors: false,
    logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(LOG_LEVEL) + 1),
  });
}
