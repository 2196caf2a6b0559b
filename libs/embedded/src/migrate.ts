import { ManagedProcess } from './managed-process.js';

/**
 * The migrate step (`nx run subscriber:migration:run`, built): the migrations as the owner in
 * `env.DATABASE_URL`, then the roles whose passwords `env` sets (DATABASE_*_PASSWORD).
 * Resolves once it succeeded; throws its output otherwise.
 */
export async function runMigrations(
  env: Record<string, string | undefined>,
  onLine?: (line: string) => void,
): Promise<void> {
  const step = ManagedProcess.spawn({
    name: 'migrate',
    command: process.execPath,
    args: ['apps/subscriber/dist/database/migrate.js', 'run'],
    env: { PATH: process.env.PATH, ...env },
    onLine,
  });
  const code = await step.exited;
  if (code !== 0) throw new Error(`the migrate step failed (exit ${code}):\n${step.output()}`);
}
