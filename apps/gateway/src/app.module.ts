import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import type { GatewayConfig } from './config/gateway.config.js';
import { HealthModule } from './health/health.module.js';
import { HeartRateModule } from './heart-rate/heart-rate.module.js';
import { PressureModule } from './pressure/pressure.module.js';
import { TemperatureModule } from './temperature/temperature.module.js';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TemperatureModule,
        HeartRateModule,
        PressureModule,
        HealthModule,
      ],
    };
  }
}
