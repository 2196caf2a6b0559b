import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const gatewayFloorWs: Scenario = {
  name: 'gateway-floor-ws',
  group: 'baseline',
  description:
    "ws-bare's server publishing each reading QoS 1 with mqtt.js and sending its ack after the PUBACK",
  figures: [{ key: 'messages', label: 'messages/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'ws', 'ws-server', 'messages', { floor: true }),
};
