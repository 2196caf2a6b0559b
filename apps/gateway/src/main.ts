import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createLogger,
  httpsOptions,
  refuseUnverifiedClients,
  runApp,
  tlsEnabled,
} from '@healthcare/config';
import type { Server as TlsServer } from 'node:tls';
import { AppModule } from './app.module.js';
import { GatewayConfig } from './config/gateway.config.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { GuardedWsAdapter } from './connections/guarded-ws-adapter.js';
import { capConnections, httpTimeouts, nodeServerOptions } from './connections/http-limits.js';
import { UpgradeGuard } from './connections/upgrade-guard.js';
import { ReadingRefusals } from './metrics/reading-refusals.js';
import { MAX_READING_BYTES } from './readings/limits.js';

async function bootstrap(config: GatewayConfig): Promise<void> {
  const logger = createLogger('gateway', config);
  const https = httpsOptions(config, config.TLS_CLIENT_CA_FILE);
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_READING_BYTES,
    forceCloseConnections: 'idle',
    ...httpTimeouts(config),
    ...(https
      ? { https: { ...https, ...nodeServerOptions(config) } }
      : { http: nodeServerOptions(config) }),
  });
  acceptBodiesAsText(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    bodyParser: false,
  });
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), app.get(ReadingRefusals)));
  const guard = new UpgradeGuard(config.allowedOrigins, config.WS_MAX_CONNECTIONS_PER_CLIENT);
  app.useWebSocketAdapter(new GuardedWsAdapter(app, guard, config.WS_IDLE_TIMEOUT_MS));
  const server = app.getHttpServer();
  capConnections(server, config);
  if (https?.requestCert) refuseUnverifiedClients(server as unknown as TlsServer);
  // exit 0 once closed; by default Nest re-raises the signal and the process dies by SIGTERM
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // the gRPC port (PressureGrpcServer) is bound while the app starts, before this
  await app.listen(config.HTTP_PORT, config.HOST);
  const [http, ws, grpc] = tlsEnabled(config)
    ? ['https', 'wss', 'gRPC over TLS']
    : ['http', 'ws', 'gRPC'];
  logger.log(
    `gateway ready: REST POST ${http}://${config.HOST}:${config.HTTP_PORT}/temperature, ` +
      `WebSocket ${ws}://${config.HOST}:${config.HTTP_PORT}/heartrate, ` +
      `${grpc} ${config.HOST}:${config.GRPC_PORT} sensor_data.SensorService/SendPressure, ` +
      `metrics GET ${http}://${config.HOST}:${config.HTTP_PORT}/metrics`,
    'Bootstrap',
  );
}

/**
 * Readings are parsed and validated by the app itself, so that a malformed body gets the same
 * JSON answer as an invalid reading. Only JSON is taken: a form or text body, which a browser
 * page may send to another site without asking, is answered 415 (Fastify finds no parser), and
 * an oversized one 413, both through HttpErrorFilter.
 */
function acceptBodiesAsText(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
}

runApp('gateway', GatewayConfig, bootstrap);
