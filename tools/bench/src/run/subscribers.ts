import { createReadingTables } from '../env/tables.js';
import { closedOrAtRate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { LOAD_SETTINGS } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { waitForRows } from '../metrics/rows.js';
import type { RunOutcome, ScenarioContext } from '../scenario.js';
import { freshDatabase, makeCertificates, startBroker, startHelper } from './helpers.js';
import { cpuMicrosPer, sampleProcesses } from './usage.js';
import { measureWindow, perSecond } from './window.js';

/**
 * The subscriber baselines: mqtt-pipe's publisher (src/load/mqtt-publisher.ts) into a Mosquitto of
 * the run's own, emptied by mqtt-pipe's plain subscriber or by subscriber-floor's.
 */

/**
 * The pipe; with `tls` over Mosquitto's TLS listener (mqtts://, a certificate made for the run);
 * with `rate`, published at that many messages/s instead of as fast as the window allows.
 */
export async function runPipe(
  ctx: ScenarioContext,
  { tls = false, rate }: { tls?: boolean; rate?: number } = {},
): Promise<RunOutcome> {
  const certificates = tls ? await makeCertificates(ctx) : undefined;
  const broker = await startBroker(ctx, certificates?.server);
  const source = new ReadingSource('temperature');
  const sink = await startHelper(ctx, 'mqtt-sink', {
    MQTT_URL: broker.url,
    TOPIC: source.topic,
    RECEIVE_MAXIMUM: String(LOAD_SETTINGS.mqtt.window),
    ...(certificates && { MQTT_CA_FILE: certificates.caFile }),
  });
  const publisher = await MqttLoadPublisher.connect(broker.url, [source], certificates?.ca);
  ctx.defer(() => publisher.close());
  const load = closedOrAtRate(publisher, LOAD_SETTINGS.mqtt.window, rate);
  const window = await measureWindow(
    ctx,
    () => sink.request<number>('received'),
    sampleProcesses({ mosquitto: broker.pid, subscriber: sink.pid }),
  );
  await load.stop();
  return {
    figures: {
      messages: perSecond(window.end - window.start, window.seconds),
      subscriberUs: cpuMicrosPer(window.usage, 'subscriber', window.end - window.start),
    },
    details: { published: load.tally.accepted, skipped: load.tally.skipped, usage: window.usage },
  };
}

/**
 * The floor subscriber fed as fast as the publisher's window allows, or at `rate` messages/s; with
 * `tls` over Mosquitto's TLS listener, as the pipe.
 */
export async function runSubscriberFloor(
  ctx: ScenarioContext,
  { tls = false, rate }: { tls?: boolean; rate?: number } = {},
): Promise<RunOutcome> {
  const certificates = tls ? await makeCertificates(ctx) : undefined;
  const [broker, db] = await Promise.all([
    startBroker(ctx, certificates?.server),
    freshDatabase(ctx),
  ]);
  await createReadingTables(db);
  const source = new ReadingSource('temperature');
  const subscriber = await startHelper(ctx, 'floor-subscriber', {
    MQTT_URL: broker.url,
    DATABASE_URL: db.url,
    TOPIC: source.topic,
    ...(certificates && { MQTT_CA_FILE: certificates.caFile }),
  });
  const publisher = await MqttLoadPublisher.connect(broker.url, [source], certificates?.ca);
  ctx.defer(() => publisher.close());
  const load = closedOrAtRate(publisher, LOAD_SETTINGS.mqtt.window, rate);
  const window = await measureWindow(
    ctx,
    () => subscriber.request<number>('stored'),
    sampleProcesses({ mosquitto: broker.pid, subscriber: subscriber.pid }, db),
  );
  await load.stop();
  const rows = await waitForRows(db, ['temperature'], load.tally.accepted);
  const stored = window.end - window.start;
  return {
    figures: {
      rows: perSecond(stored, window.seconds),
      subscriberUs: cpuMicrosPer(window.usage, 'subscriber', stored),
      postgresUs: cpuMicrosPer(window.usage, 'postgres', stored),
    },
    countCheck: { expected: load.tally.accepted, rows },
    details: { published: load.tally.accepted, skipped: load.tally.skipped, usage: window.usage },
  };
}
