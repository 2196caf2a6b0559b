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

/**
 * How long a test waits for an app to say it is ready. Generous: on a loaded shared machine
 * loading an app's modules alone has taken over ten seconds, and a slow start is not what the
 * suites test.
 */
export const APP_READY_TIMEOUT_MS = 90_000;
