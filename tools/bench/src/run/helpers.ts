import { Mosquitto } from '@healthcare/embedded';
import { brokerConfigLines } from '../env/broker-config.js';
import { TestCertificates, type CertificateFiles } from '@healthcare/testing';
import type { BenchDatabase } from '../env/database.js';
import { NodeProcess } from '../env/node-process.js';
import type { ScenarioContext } from '../scenario.js';
import { helperScript } from '../workspace.js';

/**
 * A Mosquitto of the run's own with the project's config and BENCH_BROKER_CONFIG's lines, removed
 * when the run ends; serving mqtts:// only when given a certificate (for 127.0.0.1).
 */
export async function startBroker(
  ctx: ScenarioContext,
  tls?: CertificateFiles,
): Promise<Mosquitto> {
  const extraConfig = brokerConfigLines(process.env.BENCH_BROKER_CONFIG);
  const broker = await Mosquitto.start({ tls, extraConfig });
  ctx.defer(() => broker.dispose());
  return broker;
}

/**
 * Certificates of the run's own, made by `pnpm certs` (tools/certs) in a temporary folder: a CA
 * and a server certificate for localhost and 127.0.0.1; removed when the run ends.
 */
export async function makeCertificates(ctx: ScenarioContext): Promise<TestCertificates> {
  const certificates = await TestCertificates.make();
  ctx.defer(() => certificates.dispose());
  return certificates;
}

/** An empty database of the run's own, dropped when the run ends. */
export async function freshDatabase(ctx: ScenarioContext): Promise<BenchDatabase> {
  const db = await ctx.database.create();
  ctx.defer(() => db.drop());
  return db;
}

/** One of the bench's helper programs (src/servers), stopped when the run ends. */
export async function startHelper(
  ctx: ScenarioContext,
  name: string,
  env: Record<string, string>,
): Promise<NodeProcess> {
  const helper = NodeProcess.helper(name, helperScript(name), env);
  ctx.defer(() => helper.stop());
  await helper.ready();
  return helper;
}

/**
 * Runs `phase` with clean-ups of its own, run as it ends, so that what it started is stopped
 * before the run's next phase measures anything; an interrupt still finds them through `ctx`.
 */
export async function inPhase<T>(
  ctx: ScenarioContext,
  phase: (ctx: ScenarioContext) => Promise<T>,
): Promise<T> {
  const cleanups: (() => unknown)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        ctx.log(`clean-up failed: ${(err as Error).message}`);
      }
    }
  };
  ctx.defer(cleanUp);
  try {
    return await phase({ ...ctx, defer: (cleanup) => cleanups.push(cleanup) });
  } finally {
    await cleanUp();
  }
}
