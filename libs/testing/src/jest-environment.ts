import { runningProcesses } from '@healthcare/embedded/managed-process';
import { TestEnvironment } from 'jest-environment-node';
import { runTeardownHooks } from './teardown.js';

/** How long a leftover process gets to stop on SIGTERM before SIGKILL. */
const GRACE_MS = 5_000;

/**
 * The e2e suites' test environment: once a test file's tests and hooks are done, whatever it
 * started through @healthcare/embedded (apps, brokers, databases, `pnpm start`) and left running
 * is stopped, and the file fails naming it; background helpers it never awaited are closed first. A leftover would otherwise keep jest waiting on its
 * open pipes until CI's time limit.
 */
export default class StopLeftoversEnvironment extends TestEnvironment {
  override async teardown(): Promise<void> {
    await runTeardownHooks(this.global);
    const left = runningProcesses(this.global);
    const names = left.map((child) => `${child.name} (pid ${child.pid})`);
    await Promise.all(left.map((child) => child.stop('SIGTERM', GRACE_MS)));
    await super.teardown();
    if (names.length > 0) {
      throw new Error(
        `still running after the test file's tests and hooks (now stopped): ${names.join(', ')}. ` +
          'Stop what a test starts in its afterEach/afterAll, whatever the outcome.',
      );
    }
  }
}
