import { Module, type DynamicModule } from '@nestjs/common';
import { WsSensorClient, SensorModule, gatewayTls, gatewayUrl } from '@healthcare/sensors';
import type { HeartRateSensorConfig } from './config/heartrate-sensor.config.js';

@Module({})
export class AppModule {
  static forRoot(config: HeartRateSensorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SensorModule.forRoot({
          kind: 'heartRate',
          config,
          createClient: (onRetry) =>
            new WsSensorClient({
              url: `${gatewayUrl(config, 'ws', config.GATEWAY_HTTP_PORT)}/heartrate`,
              tls: gatewayTls(config),
              onRetry,
              token: config.DEVICE_TOKEN || undefined,
            }),
        }),
      ],
    };
  }
}
