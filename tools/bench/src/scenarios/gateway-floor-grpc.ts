import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const gatewayFloorGrpc: Scenario = {
  name: 'gateway-floor-grpc',
  group: 'baseline',
  description:
    "grpc-bare's server publishing each reading QoS 1 with mqtt.js and answering after the PUBACK",
  figures: [{ key: 'calls', label: 'calls/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'grpc', 'grpc-server', 'calls', { floor: true }),
};
