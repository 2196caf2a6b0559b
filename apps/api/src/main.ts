import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, httpScheme, httpsOptions, runApp } from '@healthcare/config';
import { AppModule } from './app.module.js';
import { ApiConfig } from './config/api.config.js';
import { DOCS_PATH, serveDocs } from './docs/openapi.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { validationPipe } from './errors/validation.js';
import { PAGE_DIR, PAGE_PATH, servePage } from './page/page.js';

/** Bodies (assignments) are a few fields; anything bigger is refused with 413. */
const MAX_BODY_BYTES = 16 * 1024;

async function bootstrap(config: ApiConfig): Promise<void> {
  const logger = createLogger('api', config);
  const https = httpsOptions(config);
  const adapter = new FastifyAdapter({
    ...(https && { https }),
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: 'idle',
    // a query string is a few short parameters; longer ones are refused before any work
    maxParamLength: 200,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
  });
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(validationPipe());
  serveDocs(app);
  const page = servePage(app);
  // exit 0 once closed; by default Nest re-raises the signal and the process dies by SIGTERM
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.API_PORT, config.HOST);
  const base = `${httpScheme(config)}://${config.HOST}:${config.API_PORT}`;
  logger.log(
    `api ready: JSON ${base}/devices, FHIR R4 ${base}/fhir/metadata, docs ${base}/${DOCS_PATH}, metrics ${base}/metrics`,
    'Bootstrap',
  );
  if (page) logger.log(`live vitals page: ${base}${PAGE_PATH}`, 'Bootstrap');
  else logger.warn(`no live page: ${PAGE_DIR} is missing (nx run page:build)`, 'Bootstrap');
}

runApp('api', ApiConfig, bootstrap);
