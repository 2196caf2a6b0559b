import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const wsBare: Scenario = {
  name: 'ws-bare',
  group: 'baseline',
  description:
    'a bare ws server parsing each frame and answering an ack, driven by the WebSocket load client',
  figures: [{ key: 'messages', label: 'messages/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'ws', 'ws-server', 'messages'),
};
