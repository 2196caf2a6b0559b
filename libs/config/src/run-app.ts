import { ConfigError, loadConfig, type ConfigClass } from './load-config.js';

/**
 * An app's main: loads its config (a bad variable stops it with a message naming it, exit 1),
 * then runs `bootstrap`; if that fails, the error goes to stderr and the app exits 1.
 */
export function runApp<C extends object>(
  name: string,
  type: ConfigClass<C>,
  bootstrap: (config: C) => Promise<unknown>,
): void {
  let config: C;
  try {
    config = loadConfig(type);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(1);
  }
  bootstrap(config).catch((err: unknown) => {
    process.stderr.write(
      `${name} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
