import { Mosquitto } from '@healthcare/embedded';
import type { BenchDatabase } from '../env/database.js';
import { NodeProcess } from '../env/node-process.js';
import type { ScenarioContext } from '../scenario.js';
import { helperScript } from '../workspace.js';

/** A Mosquitto of the run's own with the project's config, removed when the run ends. */
export async function startBroker(ctx: ScenarioContext): Promise<Mosquitto> {
  const broker = await Mosquitto.start();
  ctx.defer(() => broker.dispose());
  return broker;
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
