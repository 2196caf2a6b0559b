/**
 * Node flags every app runs with, wherever it runs (the image, `pnpm start`, the bench, e2e
 * suites). The gateway's and the subscriber's live heap is about 45 MB (heap snapshot under
 * load), but at 15,000+ readings/s V8 let uncollected garbage take them past 200 MB RSS; a
 * 128 MB old space keeps them near 150 MB with no throughput lost in the benchmark.
 */
export const APP_NODE_FLAGS: readonly string[] = ['--max-old-space-size=128'];
