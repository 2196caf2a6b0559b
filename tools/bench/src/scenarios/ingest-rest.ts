import { saturatedIngest } from '../run/saturated-ingest.js';

export const ingestRest = saturatedIngest('rest', 'temperature readings POSTed to the gateway');
