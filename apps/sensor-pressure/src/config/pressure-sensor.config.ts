import { IsInt, Max, Min } from 'class-validator';
import { SensorConfig } from '@healthcare/sensors';

/** Every setting of the pressure sensor (gRPC SendPressure); defaults as in the seed. */
export class PressureSensorConfig extends SensorConfig {
  @IsInt() @Min(1) @Max(65535) GATEWAY_GRPC_PORT = 7777;
  override SENSOR_ID = 'Press_001';
  override INTERVAL_MS = 10_000;
}
