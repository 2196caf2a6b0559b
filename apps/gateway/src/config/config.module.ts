import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GatewayConfig } from './gateway.config.js';

/**
 * Provides the one validated GatewayConfig. It is loaded in main.ts before Nest starts, so a bad
 * variable stops the process with a message naming it, before any port is opened.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: GatewayConfig, useValue: config }],
      exports: [GatewayConfig],
    };
  }
}
