import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestRestTls = saturatedIngest(
  'rest',
  'temperature readings POSTed to the gateway over HTTPS',
  { tls: true },
);
