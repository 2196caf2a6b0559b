import { Global, Module, type DynamicModule } from '@nestjs/common';
import { SubscriberConfig } from './subscriber.config.js';

/**
 * Provides the one validated SubscriberConfig. It is loaded in main.ts before Nest starts, so a
 * bad variable stops the process with a message naming it, before any connection is opened.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SubscriberConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: SubscriberConfig, useValue: config }],
      exports: [SubscriberConfig],
    };
  }
}
