import 'reflect-metadata';
import { validateSync } from 'class-validator';

/** A configuration that failed validation; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type ConfigClass<T> = new () => T;

/** Settings that hold secrets: a configuration error names them but never shows their value. */
const SECRET_SETTING = /(_PASSWORD|_PASSWORDS|_USERS)$/;

/**
 * Builds the app's one config object from the environment: defaults come from the class's
 * property initialisers (every setting has one, `undefined` for optional ones), a variable is
 * converted to the type of its default, then everything is validated.
 * Unset and empty variables keep their defaults.
 */
export function loadConfig<T extends object>(
  type: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const config = new type() as Record<string, unknown>;
  const given: Record<string, string> = {};
  for (const [key, fallback] of Object.entries(config)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    given[key] = value;
    config[key] = convert(value, fallback);
  }
  const problems = validateSync(config, { forbidUnknownValues: true }).map((error) => {
    const raw = given[error.property];
    const shown =
      raw === undefined
        ? 'unset'
        : SECRET_SETTING.test(error.property)
          ? 'given, not shown'
          : `got ${JSON.stringify(raw)}`;
    return `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')} (${shown})`;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return config as T;
}

function convert(value: string, fallback: unknown): unknown {
  switch (typeof fallback) {
    case 'number':
      return value.trim() === '' ? NaN : Number(value);
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}
