import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createLogger, loadConfig } from '@healthcare/config';
import type { SensorConfig } from './sensor.config.js';

/**
 * A sensor app's main: validates its config (a bad variable stops it with a message naming it,
 * exit 1), runs the module as a Nest application context (no server of its own), and on
 * SIGTERM/SIGINT shuts down cleanly with exit 0.
 */
export function runSensorApp<C extends SensorConfig>(
  name: string,
  type: new () => C,
  module: (config: C) => DynamicModule,
): void {
  let config: C;
  try {
    config = loadConfig(type);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_FORMAT, config.LOG_LEVEL);
  NestFactory.createApplicationContext(module(config), { logger })
    .then((app) => app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true }))
    .catch((err: unknown) => {
      process.stderr.write(
        `${name} failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exit(1);
    });
}
