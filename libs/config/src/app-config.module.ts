import { Global, Module, type DynamicModule } from '@nestjs/common';

/**
 * Provides an app's one validated config object, injected by its class
 * (`constructor(private readonly config: GatewayConfig)`). runApp loads it before Nest starts,
 * so a bad variable stops the app before any port or connection is opened.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: object): DynamicModule {
    const token = config.constructor;
    return {
      module: AppConfigModule,
      providers: [{ provide: token, useValue: config }],
      exports: [token],
    };
  }
}
