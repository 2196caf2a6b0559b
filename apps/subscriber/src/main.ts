import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { CustomStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, httpScheme, httpsOptions, runApp, shownUrl } from '@healthcare/config';
import { AppModule } from './app.module.js';
import { receiveMaximum } from './broker/broker.module.js';
import { ReadingsServer } from './broker/readings.server.js';
import { SubscriberConfig } from './config/subscriber.config.js';

async function bootstrap(config: SubscriberConfig): Promise<void> {
  const logger = createLogger('subscriber', config);
  const https = httpsOptions(config);
  // creating the app waits for PostgreSQL, creates the database if needed and runs the migrations
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ ...(https && { https }), forceCloseConnections: 'idle' }),
    { logger },
  );
  app.connectMicroservice<CustomStrategy>({ strategy: app.get(ReadingsServer) });
  // exit 0 once closed; by default Nest re-raises the signal and the process dies by SIGTERM
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // HTTP first, so that /health answers (503) while the broker is out of reach
  await app.listen(config.SUBSCRIBER_HTTP_PORT, config.HOST);
  await app.startAllMicroservices();
  logger.log(
    `subscriber ready: storing MQTT readings from ${shownUrl(config.MQTT_URL)} as ${config.MQTT_CLIENT_ID} ` +
      `(batches of up to ${config.BATCH_SIZE} messages or ${config.FLUSH_MS} ms, ` +
      `Receive Maximum ${receiveMaximum(config.BATCH_SIZE)}); ` +
      `health and metrics on ${httpScheme(config)}://${config.HOST}:${config.SUBSCRIBER_HTTP_PORT}`,
    'Bootstrap',
  );
}

runApp('subscriber', SubscriberConfig, bootstrap);
