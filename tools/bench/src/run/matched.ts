import type { Protocol } from '../load/protocols.js';
import { countProblem, type ScenarioContext } from '../scenario.js';
import { BARE_SERVER, serveBare } from './bare.js';
import { inPhase } from './helpers.js';
import { matchedFigures, ratesHeld } from './matched-figures.js';
import { runPipe, runSubscriberFloor } from './subscribers.js';

/**
 * After an ingest-<protocol> run whose `figures` give its accepted readings/s and rows/s: the
 * protocol's bare server and its gateway floor at the accepted rate (same load client and
 * connections, open loop), then mqtt-pipe's plain subscriber and subscriber-floor at the row rate, one
 * after the other, each for `--matched` seconds after the warm-up. With `tls` every one of them runs
 * over TLS, as the ingest did.
 */
export async function measureMatched(
  ctx: ScenarioContext,
  protocol: Protocol,
  figures: Record<string, number>,
  { tls = false } = {},
): Promise<{ figures: Record<string, number>; details: Record<string, unknown> } | undefined> {
  const { accepted, rows } = figures;
  if (ctx.options.matchedMs === 0 || !(accepted > 0 && rows > 0)) return undefined;
  const phaseCtx: ScenarioContext = {
    ...ctx,
    options: { ...ctx.options, durationMs: ctx.options.matchedMs },
  };
  const details: Record<string, unknown> = { accepted, rows };
  const phase = async <T extends object>(
    name: string,
    run: (ctx: ScenarioContext) => Promise<T>,
  ) => {
    const result = await inPhase(phaseCtx, run);
    details[name] = result;
    return result;
  };
  const helper = BARE_SERVER[protocol];
  const bare = await phase('bare', (c) => serveBare(c, protocol, helper, { tls, rate: accepted }));
  const floor = await phase('floor', (c) =>
    serveBare(c, protocol, helper, { tls, floor: true, rate: accepted }),
  );
  const pipe = await phase('pipe', (c) => runPipe(c, { tls, rate: rows }));
  const subscriberFloor = await phase('subscriberFloor', (c) =>
    runSubscriberFloor(c, { tls, rate: rows }),
  );
  const lost = subscriberFloor.countCheck && countProblem(subscriberFloor.countCheck);
  if (lost) throw new Error(`subscriber-floor at the ingest's rate: ${lost}`);
  const held = ratesHeld([
    [bare.perSecond, accepted],
    [floor.perSecond, accepted],
    [pipe.figures.messages, rows],
    [subscriberFloor.figures.rows, rows],
  ]);
  ctx.log(
    `${held ? '' : 'RATE NOT HELD: '}${ctx.scenario} at its rate (${accepted} readings/s, ${rows} rows/s): bare ${bare.perSecond}/s, ` +
      `floor ${floor.perSecond}/s, pipe ${pipe.figures.messages}/s, ` +
      `subscriber floor ${subscriberFloor.figures.rows}/s`,
  );
  return {
    figures: matchedFigures(figures, {
      bareUs: bare.serverUs,
      floorUs: floor.serverUs,
      pipeUs: pipe.figures.subscriberUs,
      subscriberFloorUs: subscriberFloor.figures.subscriberUs,
    }),
    details,
  };
}
