import { saturate } from '../load/drive.js';
import { MqttLoadPublisher } from '../load/mqtt-publisher.js';
import { LOAD_SETTINGS } from '../load/protocols.js';
import { ReadingSource } from '../load/readings.js';
import { startBroker, startHelper } from '../run/helpers.js';
import { cpuFigure, cpuMicrosPer, sampleProcesses } from '../run/usage.js';
import { measureWindow, perSecond } from '../run/window.js';
import type { Scenario } from '../scenario.js';

export const mqttPipe: Scenario = {
  name: 'mqtt-pipe',
  group: 'baseline',
  description:
    'one mqtt publisher (bounded in-flight window) -> Mosquitto (project config) -> one plain subscriber, QoS 1',
  figures: [
    { key: 'messages', label: 'messages/s' },
    cpuFigure('subscriberUs', 'subscriber per message:'),
  ],
  async run(ctx) {
    const broker = await startBroker(ctx);
    const source = new ReadingSource('temperature');
    const sink = await startHelper(ctx, 'mqtt-sink', {
      MQTT_URL: broker.url,
      TOPIC: source.topic,
      RECEIVE_MAXIMUM: String(LOAD_SETTINGS.mqtt.window),
    });
    const publisher = await MqttLoadPublisher.connect(broker.url, [source]);
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
  },
};
