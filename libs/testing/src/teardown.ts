// On globalThis, not in this module: the e2e jest environment runs these from outside the test's
// module registry (jest-environment.ts), before the test file's globals go away.
const HOOKS = Symbol.for('healthcare.teardown-hooks');
type Hooks = Set<() => Promise<void> | void>;

function hooks(scope: object = globalThis): Hooks {
  const holder = scope as Record<symbol, Hooks | undefined>;
  return (holder[HOOKS] ??= new Set());
}

/**
 * Runs `close` when the test file ends if the caller has not called the returned function by
 * then: a background helper a failed test never awaited (a publisher at a fixed rate) stops
 * instead of running into jest's teardown.
 */
export function closeAtTeardown(close: () => Promise<void> | void): () => void {
  hooks().add(close);
  return () => hooks().delete(close);
}

/** Runs and forgets every pending close of `scope`'s test file. */
export async function runTeardownHooks(scope: object): Promise<void> {
  const pending = [...hooks(scope)];
  hooks(scope).clear();
  await Promise.allSettled(pending.map(async (close) => close()));
}
