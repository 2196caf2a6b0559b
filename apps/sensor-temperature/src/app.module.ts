import { Module, type DynamicModule } from '@nestjs/common';
import { RestSensorClient, SensorModule, gatewayTls, gatewayUrl } from '@healthcare/sensors';
import type { TemperatureSensorConfig } from './config/temperature-sensor.config.js';

@Module({})
export class AppModule {
  static forRoot(config: TemperatureSensorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SensorModule.forRoot({
          kind: 'temperature',
          config,
          createClient: (onRetry) =>
            new RestSensorClient({
              baseUrl: gatewayUrl(config, 'http', config.GATEWAY_HTTP_PORT),
              tls: gatewayTls(config),
              onRetry,
              token: config.DEVICE_TOKEN || undefined,
            }),
        }),
      ],
    };
  }
}
