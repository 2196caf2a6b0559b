import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'docs';

/**
 * The OpenAPI document (/docs/openapi.json) and its page (/docs): public, since they describe
 * the API and hold no data; every endpoint they list asks for a reader token.
 */
export function serveDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Healthcare IoT read API')
    .setDescription(
      'Readings as plain JSON and as FHIR R4 vital-sign Observations. ' +
        'Every endpoint but /health needs Authorization: Bearer <reader token> (pnpm readers add).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // the operator's metrics (METRICS_TOKEN, not a reader token) are not part of the readers' API
  delete document.paths['/metrics'];
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/openapi.json`,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
  });
}
