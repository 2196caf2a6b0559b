/**
 * Node flags every app runs with, wherever it runs: `pnpm start`, the bench and the e2e suites
 * pass them from here; the image (NODE_OPTIONS in docker/app.Dockerfile) and the Nx `serve`
 * targets (nx.json) cannot import them and spell them out, checked by runtime.spec.ts.
 * A bounded old space keeps V8 from letting uncollected garbage grow the process under load; a
 * larger young generation lets most per-reading garbage die young, which keeps the throughput
 * the cap alone would cost (bench results: tools/bench).
 */
export const APP_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=32',
  '--max-old-space-size=128',
];
