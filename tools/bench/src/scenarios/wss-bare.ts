import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const wssBare: Scenario = {
  name: 'wss-bare',
  group: 'baseline',
  description:
    'ws-bare over TLS: a bare ws server on node:https, driven by the WebSocket load client (wss)',
  figures: [{ key: 'messages', label: 'messages/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'ws', 'ws-server', 'messages', { tls: true }),
};
