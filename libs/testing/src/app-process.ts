import { startApp, type ManagedProcess } from '@healthcare/embedded/managed-process';

/**
 * A built app (`apps/<name>/dist/main.js`) as its own process, as it runs in production, with
 * nothing of the test runner's environment but PATH: what a test sets is all it gets.
 */
export function startTestApp(
  name: string,
  env: Record<string, string | undefined>,
): ManagedProcess {
  return startApp(name, { env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env } });
}
