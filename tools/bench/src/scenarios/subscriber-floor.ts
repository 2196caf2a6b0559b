import { runSubscriberFloor } from '../run/subscribers.js';
import { cpuFigure } from '../run/usage.js';
import type { Scenario } from '../scenario.js';

export const subscriberFloor: Scenario = {
  name: 'subscriber-floor',
  group: 'baseline',
  description:
    "mqtt-pipe's publisher -> Mosquitto -> a plain subscriber that stores each batch with one " +
    'INSERT and acknowledges its messages after the commit (src/servers/floor-subscriber.ts)',
  figures: [
    { key: 'rows', label: 'rows committed/s' },
    cpuFigure('subscriberUs', 'subscriber per row:'),
    cpuFigure('postgresUs', 'PostgreSQL backend per row:'),
  ],
  run: (ctx) => runSubscriberFloor(ctx),
};
