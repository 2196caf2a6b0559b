import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { createMetricsRegistry } from './metrics.registry.js';
import type { MetricsSettings } from './metrics.settings.js';
import { METRICS_REGISTRY, METRICS_TOKEN } from './metrics.tokens.js';

/**
 * GET /metrics and the registry every part of an app adds its metrics to (inject
 * METRICS_REGISTRY). Global: the app's feature modules register without importing it.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(settings: MetricsSettings): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        { provide: METRICS_TOKEN, useValue: settings.METRICS_TOKEN },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
