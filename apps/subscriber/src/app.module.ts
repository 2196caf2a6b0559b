import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '@healthcare/config';
import { MetricsModule } from '@healthcare/config/metrics';
import { BrokerModule } from './broker/broker.module.js';
import type { SubscriberConfig } from './config/subscriber.config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { SubscriberMetricsModule } from './metrics/metrics.module.js';
import { ReadingsModule } from './readings/readings.module.js';

@Module({})
export class AppModule {
  static forRoot(config: SubscriberConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        MetricsModule.forRoot(config),
        DatabaseModule,
        BrokerModule,
        ReadingsModule,
        HealthModule,
        SubscriberMetricsModule,
      ],
    };
  }
}
