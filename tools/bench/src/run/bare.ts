import { freePort } from '@healthcare/embedded';
import type { TestCertificates } from '@healthcare/testing';
import { closedOrAtRate } from '../load/drive.js';
import { connectClient, LOAD_SETTINGS, sourceOf, type Protocol } from '../load/protocols.js';
import type { WindowUsage } from '../metrics/sampler.js';
import type { RunOutcome, ScenarioContext } from '../scenario.js';
import { makeCertificates, startBroker, startHelper } from './helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from './usage.js';
import { measureWindow, perSecond } from './window.js';

/** What each request cost the bare server: the baseline of the gateway's CPU per reading. */
export const SERVER_CPU_FIGURE = cpuFigure('serverUs', 'server per request:');

/** The bare server (src/servers/<helper>) of each protocol. */
export const BARE_SERVER: Record<Protocol, string> = {
  rest: 'http-server',
  ws: 'ws-server',
  grpc: 'grpc-server',
};

export interface BareOptions {
  tls?: boolean;
  floor?: boolean;
  /** Readings/s sent on a schedule (`fixedRate`); saturated when unset. */
  rate?: number;
}

/**
 * A bare server of the protocol (src/servers/<helper>) driven by the same client and the same
 * concurrency as the gateway in ingest-<protocol>: requests answered per second. With `tls` the
 * server serves TLS only, with a certificate made for the run, as the gateway in ingest-<protocol>-tls.
 * With `floor` (gateway-floor-<protocol>) it publishes each reading to a Mosquitto of the run's
 * own, which a plain subscriber (mqtt-pipe's) empties, and answers after the PUBACK; with both,
 * that broker hop is TLS too (mqtts://), as the gateway's in ingest-<protocol>-tls.
 */
export async function runBare(
  ctx: ScenarioContext,
  protocol: Protocol,
  helper: string,
  figure: string,
  options: BareOptions = {},
): Promise<RunOutcome> {
  const served = await serveBare(ctx, protocol, helper, options);
  return {
    figures: { [figure]: served.perSecond, serverUs: served.serverUs },
    details: { sent: served.sent, usage: served.usage },
  };
}

export interface Served {
  /** Requests answered per second over the window. */
  perSecond: number;
  /** The server's CPU µs per request answered. */
  serverUs: number;
  sent: number;
  /** Due by an open-loop load but not sent (too many waited for an answer). */
  skipped: number;
  usage?: WindowUsage;
}

/** The measured window of `runBare`; a refusal fails the run. */
export async function serveBare(
  ctx: ScenarioContext,
  protocol: Protocol,
  helper: string,
  { tls = false, floor = false, rate }: BareOptions,
): Promise<Served> {
  const port = await freePort();
  const certificates = tls ? await makeCertificates(ctx) : undefined;
  const server = await startHelper(ctx, helper, {
    PORT: String(port),
    ...(floor && (await floorBroker(ctx, sourceOf(protocol).topic, certificates))),
    ...(certificates && {
      TLS_CERT_FILE: certificates.server.certFile,
      TLS_KEY_FILE: certificates.server.keyFile,
    }),
  });
  const client = await connectClient(protocol, {
    httpPort: port,
    grpcPort: port,
    tls: certificates && { ca: certificates.ca },
  });
  ctx.defer(() => client.close());
  const load = closedOrAtRate(client, LOAD_SETTINGS[protocol].inFlight, rate);
  const window = await measureWindow(
    ctx,
    () => load.tally.accepted,
    sampleProcesses({ server: server.pid }),
  );
  await load.stop();
  if (load.tally.refused > 0) {
    throw new Error(
      `the bare server refused readings: ${JSON.stringify(load.tally.errorSummary())}`,
    );
  }
  const answered = window.end - window.start;
  return {
    perSecond: perSecond(answered, window.seconds),
    serverUs: cpuMicrosPer(window.usage, 'server', answered),
    sent: load.tally.sent,
    skipped: load.tally.skipped,
    usage: window.usage,
  };
}

/**
 * A broker and mqtt-pipe's subscriber of `topic`: where a gateway floor's readings go; over TLS
 * with `certificates`. Returns the floor server's settings to reach it.
 */
async function floorBroker(
  ctx: ScenarioContext,
  topic: string,
  certificates?: TestCertificates,
): Promise<Record<string, string>> {
  const broker = await startBroker(ctx, certificates?.server);
  const trust = certificates && { MQTT_CA_FILE: certificates.caFile };
  await startHelper(ctx, 'mqtt-sink', {
    MQTT_URL: broker.url,
    TOPIC: topic,
    RECEIVE_MAXIMUM: String(LOAD_SETTINGS.mqtt.window),
    ...trust,
  });
  return { MQTT_URL: broker.url, TOPIC: topic, ...trust };
}
