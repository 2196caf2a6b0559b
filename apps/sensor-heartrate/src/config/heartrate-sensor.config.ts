import { IsInt, Max, Min } from 'class-validator';
import { SensorConfig } from '@healthcare/sensors';

/** Every setting of the heartRate sensor (WebSocket /heartrate); defaults as in the seed. */
export class HeartRateSensorConfig extends SensorConfig {
  @IsInt() @Min(1) @Max(65535) GATEWAY_HTTP_PORT = 5000;
  override SENSOR_ID = 'Heart_001';
  override INTERVAL_MS = 7000;
}
