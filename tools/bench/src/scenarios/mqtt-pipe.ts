import { runPipe } from '../run/subscribers.js';
import { cpuFigure } from '../run/usage.js';
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
  run: (ctx) => runPipe(ctx),
};
