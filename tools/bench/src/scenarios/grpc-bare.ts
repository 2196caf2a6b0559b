import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const grpcBare: Scenario = {
  name: 'grpc-bare',
  group: 'baseline',
  description: 'a bare grpc-js unary SendPressure server, driven by the gRPC load client',
  figures: [{ key: 'calls', label: 'calls/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'grpc', 'grpc-server', 'calls'),
};
