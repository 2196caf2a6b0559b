import { saturate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { LOAD_SETTINGS } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { makeCertificates, startBroker, startHelper } from '../run/helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { measureWindow, perSecond } from '../run/window.js';
import type { RunOutcome, Scenario, ScenarioContext } from '../scenario.js';

export const mqttPipe: Scenario = {
  name: 'mqtt-pipe',
  group: 'baseline',
  description:
    'one mqtt publisher (bounded in-flight window) -> Mosquitto (project config) -> one plain subscriber, QoS 1',
  figures: [
    { key: 'messages', label: 'messages/s' },
    cpuFigure('subscriberUs', 'subscriber per message:'),
  ],
  run: (ctx) => runPipe(ctx),
};

/** The pipe; with `tls` over Mosquitto's TLS listener (mqtts://, a certificate made for the run). */
export async function runPipe(ctx: ScenarioContext, { tls = false } = {}): Promise<RunOutcome> {
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
  const load = saturate(publisher, LOAD_SETTINGS.mqtt.window);
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
    details: { published: load.tally.accepted, usage: window.usage },
  };
}
