import { Module, type DynamicModule } from '@nestjs/common';
import { RestSensorClient, SensorModule } from '@healthcare/sensors';
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
              baseUrl: `http://${config.GATEWAY_HOST}:${config.GATEWAY_HTTP_PORT}`,
              onRetry,
              token: config.DEVICE_TOKEN || undefined,
            }),
        }),
      ],
    };
  }
}
