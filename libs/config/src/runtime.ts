/**
 * Node flags every app runs with, wherever it runs: `pnpm start`, the bench and the e2e suites
 * pass them from here; the image (NODE_OPTIONS in docker/app.Dockerfile) and the Nx `serve`
 * targets (nx.json) cannot import them and spell them out, checked by runtime.spec.ts.
 * A bounded old space keeps V8 from letting uncollected garbage grow the process under load; a
 * larger young generation than the cap alone would give lets most per-reading garbage die young,
 * which keeps the throughput the cap would cost. Both semi-spaces of the young generation stay
 * resident under load, so it is no larger than that needs: on Node 24, whose own code takes more
 * resident memory than Node 20's, a larger one took the gateway past its memory target (bench
 * results: tools/bench, "CPU per reading").
 */
export const APP_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=16',
  '--max-old-space-size=128',
];
