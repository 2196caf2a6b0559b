import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const httpsBare: Scenario = {
  name: 'https-bare',
  group: 'baseline',
  description:
    'http-bare over TLS: a bare node:https server, driven by the REST load client over TLS',
  figures: [{ key: 'requests', label: 'requests/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'rest', 'http-server', 'requests', { tls: true }),
};
