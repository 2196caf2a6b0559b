/**
 * The bench's helper processes talk to it over the IPC channel of `fork`: `ready` once they
 * serve, and an answer to each `{ request }` message.
 */
export type Request = { request: string };

export function sendReady(details: Record<string, unknown> = {}): void {
  process.send?.({ ready: true, ...details });
}

export function answerRequests(handler: (request: string) => unknown): void {
  process.on('message', (message: Request) => {
    void Promise.resolve(handler(message.request)).then((answer) =>
      process.send?.({ answer: message.request, value: answer }),
    );
  });
}

/** Exits on SIGTERM/SIGINT after `close`, so that --cpu-prof and buffered output are written. */
export function exitOnSignal(close: () => Promise<void> | void = () => undefined): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void Promise.resolve(close()).finally(() => process.exit(0));
    });
  }
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
