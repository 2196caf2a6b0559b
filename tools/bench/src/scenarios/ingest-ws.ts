import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestWs = saturatedIngest(
  'ws',
  'heart-rate readings over WebSocket frames, each acked by the gateway',
);
