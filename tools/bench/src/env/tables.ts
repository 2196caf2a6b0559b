import { ManagedProcess } from '@healthcare/embedded/managed-process';
import type { BenchDatabase } from './database.js';

/**
 * The subscriber's tables, made by its own migrations (`migrate.js run`, as `nx run
 * subscriber:migration:run` does): the baselines write to exactly the shape it writes to, unique
 * key included.
 */
export async function createReadingTables(db: BenchDatabase): Promise<void> {
  const migrate = ManagedProcess.spawn({
    name: 'subscriber migrations',
    command: process.execPath,
    args: ['apps/subscriber/dist/database/migrate.js', 'run'],
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
  });
  const code = await migrate.exited;
  if (code !== 0) {
    throw new Error(`the subscriber's migrations failed on the bench database:\n${migrate.tail()}`);
  }
}
