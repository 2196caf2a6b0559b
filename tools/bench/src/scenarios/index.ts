import type { Scenario } from '../scenario.js';
import { drain } from './drain.js';
import { grpcBare } from './grpc-bare.js';
import { httpBare } from './http-bare.js';
import { ingestGrpc } from './ingest-grpc.js';
import { ingestMixed } from './ingest-mixed.js';
import { ingestRest } from './ingest-rest.js';
import { ingestWs } from './ingest-ws.js';
import { mqttPipe } from './mqtt-pipe.js';
import { naiveChain } from './naive-chain.js';
import { pgCopy } from './pg-copy.js';
import { readApi } from './read-api.js';
import { wsBare } from './ws-bare.js';

/** In the order they run: the baselines first, then the system. */
export const SCENARIOS: Scenario[] = [
  mqttPipe,
  pgCopy,
  httpBare,
  wsBare,
  grpcBare,
  naiveChain,
  ingestRest,
  ingestWs,
  ingestGrpc,
  ingestMixed,
  drain,
  readApi,
];
