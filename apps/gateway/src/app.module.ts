import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '@healthcare/config';
import { MetricsModule } from '@healthcare/config/metrics';
import type { GatewayConfig } from './config/gateway.config.js';
import { HealthModule } from './health/health.module.js';
import { HeartRateModule } from './heart-rate/heart-rate.module.js';
import { GatewayMetricsModule } from './metrics/gateway-metrics.module.js';
import { PressureModule } from './pressure/pressure.module.js';
import { TemperatureModule } from './temperature/temperature.module.js';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        MetricsModule.forRoot(config),
        GatewayMetricsModule,
        TemperatureModule,
        HeartRateModule,
        PressureModule,
        HealthModule,
      ],
    };
  }
}
