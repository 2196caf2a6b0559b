import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const gatewayFloorRest: Scenario = {
  name: 'gateway-floor-rest',
  group: 'baseline',
  description:
    "http-bare's server publishing each reading QoS 1 with mqtt.js and answering after the PUBACK",
  figures: [{ key: 'requests', label: 'requests/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'rest', 'http-server', 'requests', { floor: true }),
};
