import { freePort, readerToken, waitFor } from '@healthcare/testing';
import type { ScenarioContext } from '../scenario.js';
import { NodeProcess } from './node-process.js';

/** The read API (apps/api as built) of a run, and a token of a reader of every patient. */
export interface RunningApi {
  process: NodeProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  token: string;
}

/**
 * Starts the read API on the run's database (its migrations applied), stopped when the run ends,
 * and registers a reader for it as `pnpm readers` does.
 */
export async function startApi(ctx: ScenarioContext, databaseUrl: string): Promise<RunningApi> {
  const port = await freePort();
  const api = NodeProcess.app(
    'api',
    { DATABASE_URL: databaseUrl, API_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    ctx.profileArgs('api'),
  );
  ctx.defer(() => api.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok, {
    timeoutMs: 60_000,
    what: 'the API /health',
  });
  return { process: api, base, token: await readerToken(databaseUrl, 'bench') };
}
