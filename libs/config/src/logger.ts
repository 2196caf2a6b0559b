import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';

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

/**
 * Nest's console logger: one JSON object per line in production, readable text locally. Each
 * line names the app (the text prefix, the JSON `app` field): five apps write to one terminal
 * under `pnpm start` and `nx run-many -t serve`, and to one log store in production.
 */
export function createLogger(
  app: string,
  { LOG_FORMAT, LOG_LEVEL }: { LOG_FORMAT: LogFormat; LOG_LEVEL: LogLevel },
): ConsoleLogger {
  return new AppLogger(app, {
    json: LOG_FORMAT === 'json',
    colors: false,
    prefix: app,
    logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(LOG_LEVEL) + 1),
  });
}

class AppLogger extends ConsoleLogger {
  constructor(
    private readonly app: string,
    options: ConsoleLoggerOptions,
  ) {
    super(options);
  }

  protected override getJsonLogObject(
    ...args: Parameters<ConsoleLogger['getJsonLogObject']>
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    return { app: this.app, ...super.getJsonLogObject(...args) };
  }
}
