import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, runApp } from '@healthcare/config';
import { readDeviceToken, type SensorConfig } from './sensor.config.js';

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
  runApp(name, type, async (config) => {
    try {
      config.DEVICE_TOKEN = readDeviceToken(config) ?? '';
    } catch (err) {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      process.exit(1);
    }
    const logger = createLogger(name, config);
    const app = await NestFactory.createApplicationContext(module(config), { logger });
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  });
}
