import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, runApp } from '@healthcare/config';
import { GRPC_PACKAGE, LOADER_OPTIONS, PROTO_PATH } from '@healthcare/proto';
import { AppModule } from './app.module.js';
import { GatewayConfig } from './config/gateway.config.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { ClientErrorWsAdapter } from './heart-rate/client-error-ws-adapter.js';
import { ReadingRefusals } from './metrics/reading-refusals.js';
import { MAX_READING_BYTES } from './readings/limits.js';

async function bootstrap(config: GatewayConfig): Promise<void> {
  const logger = createLogger('gateway', config);
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_READING_BYTES,
    forceCloseConnections: 'idle',
  });
  acceptBodiesAsText(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    bodyParser: false,
  });
  app.useGlobalFilters(new HttpErrorFilter(app.getHttpAdapter(), app.get(ReadingRefusals)));
  // frames are read by HeartRateGateway itself; Nest's router has nothing to route
  app.useWebSocketAdapter(new ClientErrorWsAdapter(app, { messageParser: () => undefined }));
  app.connectMicroservice<GrpcOptions>({
    transport: Transport.GRPC,
    options: {
      package: GRPC_PACKAGE,
      protoPath: PROTO_PATH,
      loader: LOADER_OPTIONS,
      url: `${config.HOST}:${config.GRPC_PORT}`,
      gracefulShutdown: true,
    },
  });
  // exit 0 once closed; by default Nest re-raises the signal and the process dies by SIGTERM
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HOST);
  logger.log(
    `gateway ready: REST POST http://${config.HOST}:${config.HTTP_PORT}/temperature, ` +
      `WebSocket ws://${config.HOST}:${config.HTTP_PORT}/heartrate, ` +
      `gRPC ${config.HOST}:${config.GRPC_PORT} sensor_data.SensorService/SendPressure, ` +
      `metrics GET http://${config.HOST}:${config.HTTP_PORT}/metrics`,
    'Bootstrap',
  );
}

/**
 * Readings are parsed and validated by the app itself, whatever the content type, so that a
 * malformed body gets the same JSON answer as an invalid reading. Fastify answers an oversized
 * one with 413 through HttpErrorFilter.
 */
function acceptBodiesAsText(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

runApp('gateway', GatewayConfig, bootstrap);
