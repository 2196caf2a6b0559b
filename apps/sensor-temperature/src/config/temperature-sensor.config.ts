import { IsInt, Max, Min } from 'class-validator';
import { SensorConfig } from '@healthcare/sensors';

/** Every setting of the temperature sensor (REST POST /temperature); defaults as in the seed. */
export class TemperatureSensorConfig extends SensorConfig {
  @IsInt() @Min(1) @Max(65535) GATEWAY_HTTP_PORT = 5000;
  override SENSOR_ID = 'Temp_001';
  override INTERVAL_MS = 10_000;
}
