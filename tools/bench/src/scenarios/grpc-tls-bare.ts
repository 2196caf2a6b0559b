import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const grpcTlsBare: Scenario = {
  name: 'grpc-tls-bare',
  group: 'baseline',
  description:
    'grpc-bare over TLS: a bare grpc-js server with TLS credentials, driven by the gRPC load client',
  figures: [{ key: 'calls', label: 'calls/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'grpc', 'grpc-server', 'calls', { tls: true }),
};
