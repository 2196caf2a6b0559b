import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestWsTls = saturatedIngest(
  'ws',
  'heart-rate readings over WSS frames, each acked by the gateway',
  { tls: true },
);
