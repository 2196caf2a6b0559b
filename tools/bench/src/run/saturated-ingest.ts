import { saturate } from '../load/drive.js';
import { connectClient, LOAD_SETTINGS, type Protocol } from '../load/protocols.js';
import type { Scenario } from '../scenario.js';
import { inPhase } from './helpers.js';
import { measureIngest, RESOURCE_FIGURES } from './ingest.js';
import { MATCHED_FIGURES } from './matched-figures.js';
import { measureMatched } from './matched.js';

/**
 * ingest-rest, ingest-ws, ingest-grpc: one protocol at saturation through the gateway and the
 * subscriber, with the bare baseline's client and concurrency; ingest-<protocol>-tls with `tls`,
 * TLS on the devices' hop and the broker's (System's `tls`). Then, the system stopped, the
 * baselines again at the rate it reached (src/run/matched.ts).
 */
export function saturatedIngest(protocol: Protocol, what: string, { tls = false } = {}): Scenario {
  return {
    name: `ingest-${protocol}${tls ? '-tls' : ''}`,
    group: 'system',
    description:
      `${what} at saturation${tls ? ' (the gateway and the subscriber on mqtts)' : ''}; ` +
      'every accepted reading must be stored exactly once',
    figures: [
      { key: 'accepted', label: 'readings accepted/s' },
      { key: 'rows', label: 'rows committed/s' },
      ...RESOURCE_FIGURES,
      ...MATCHED_FIGURES,
    ],
    async run(ctx) {
      const { outcome } = await inPhase(ctx, (phaseCtx) =>
        measureIngest(
          phaseCtx,
          async (system) => {
            const client = await connectClient(protocol, system.endpoint, system.tokens[protocol]);
            phaseCtx.defer(() => client.close());
            return [saturate(client, LOAD_SETTINGS[protocol].inFlight)];
          },
          { tls },
        ),
      );
      const matched = await measureMatched(ctx, protocol, outcome.figures, { tls });
      if (!matched) return outcome;
      return {
        ...outcome,
        figures: { ...outcome.figures, ...matched.figures },
        details: { ...outcome.details, matched: matched.details },
      };
    },
  };
}
