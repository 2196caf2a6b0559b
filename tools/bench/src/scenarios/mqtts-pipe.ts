import { cpuFigure } from '../run/usage.js';
import type { Scenario } from '../scenario.js';
import { runPipe } from '../run/subscribers.js';

export const mqttsPipe: Scenario = {
  name: 'mqtts-pipe',
  group: 'baseline',
  description:
    "mqtt-pipe over TLS: the same publisher and subscriber on Mosquitto's TLS listener (mqtts)",
  figures: [
    { key: 'messages', label: 'messages/s' },
    cpuFigure('subscriberUs', 'subscriber per message:'),
  ],
  run: (ctx) => runPipe(ctx, { tls: true }),
};
