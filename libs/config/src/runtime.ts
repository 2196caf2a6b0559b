/**
 * Node flags every app runs with, wherever it runs (the image, `pnpm start`, the bench, e2e
 * suites). The gateway's and the subscriber's live heap is about 45 MB (heap snapshot under
 * load), but at 15,000+ readings/s V8 let uncollected garbage take them past 250 MB RSS. A 128 MB
 * old space bounds that; a 32 MB young generation lets most per-reading garbage die young, which
 * kept the throughput the cap alone cost (bench: WebSocket ingest 0.55 -> 0.62 of the MQTT pipe,
 * peak RSS 180-190 MB).
 */
export const APP_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=32',
  '--max-old-space-size=128',
];
