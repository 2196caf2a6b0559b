import { runBare, SERVER_CPU_FIGURE } from '../run/bare.js';
import type { Scenario } from '../scenario.js';

export const httpBare: Scenario = {
  name: 'http-bare',
  group: 'baseline',
  description: 'a bare node:http server parsing each JSON POST, driven by the REST load client',
  figures: [{ key: 'requests', label: 'requests/s' }, SERVER_CPU_FIGURE],
  run: (ctx) => runBare(ctx, 'rest', 'http-server', 'requests'),
};
