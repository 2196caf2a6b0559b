import type { Scenario } from '../scenario.js';
import { drain } from './drain.js';
import { gatewayFloorGrpc } from './gateway-floor-grpc.js';
import { gatewayFloorRest } from './gateway-floor-rest.js';
import { gatewayFloorWs } from './gateway-floor-ws.js';
import { grpcBare } from './grpc-bare.js';
import { grpcTlsBare } from './grpc-tls-bare.js';
import { httpBare } from './http-bare.js';
import { httpsBare } from './https-bare.js';
import { ingestGrpc } from './ingest-grpc.js';
import { ingestGrpcTls } from './ingest-grpc-tls.js';
import { ingestMixed } from './ingest-mixed.js';
import { ingestRest } from './ingest-rest.js';
import { ingestRestTls } from './ingest-rest-tls.js';
import { ingestWs } from './ingest-ws.js';
import { ingestWsTls } from './ingest-ws-tls.js';
import { mqttPipe } from './mqtt-pipe.js';
import { mqttsPipe } from './mqtts-pipe.js';
import { naiveChain } from './naive-chain.js';
import { pgCopy } from './pg-copy.js';
import { readApi } from './read-api.js';
import { readDuringIngest } from './read-during-ingest.js';
import { subscriberFloor } from './subscriber-floor.js';
import { wsBare } from './ws-bare.js';
import { wssBare } from './wss-bare.js';

/** In the order they run: the baselines first, then the system. */
export const SCENARIOS: Scenario[] = [
  mqttPipe,
  mqttsPipe,
  pgCopy,
  httpBare,
  httpsBare,
  wsBare,
  wssBare,
  grpcBare,
  grpcTlsBare,
  gatewayFloorRest,
  gatewayFloorWs,
  gatewayFloorGrpc,
  subscriberFloor,
  naiveChain,
  ingestRest,
  ingestWs,
  ingestGrpc,
  ingestRestTls,
  ingestWsTls,
  ingestGrpcTls,
  ingestMixed,
  readDuringIngest,
  drain,
  readApi,
];
