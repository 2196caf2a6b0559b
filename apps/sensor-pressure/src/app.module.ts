import { Module, type DynamicModule } from '@nestjs/common';
import { GrpcSensorClient, SensorModule, gatewayTls } from '@healthcare/sensors';
import type { PressureSensorConfig } from './config/pressure-sensor.config.js';

@Module({})
export class AppModule {
  static forRoot(config: PressureSensorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SensorModule.forRoot({
          kind: 'pressure',
          config,
          createClient: (onRetry) =>
            new GrpcSensorClient({
              address: `${config.GATEWAY_HOST}:${config.GATEWAY_GRPC_PORT}`,
              tls: gatewayTls(config),
              onRetry,
              token: config.DEVICE_TOKEN || undefined,
            }),
        }),
      ],
    };
  }
}
