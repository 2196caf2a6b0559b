import { IsMeasurement, IsReadingDate, IsSensorId, IsUnit } from '../common/decorators.js';

export const HEART_RATE = {
  topic: 'heartRate',
  unit: 'bpm',
  min: 20,
  max: 300,
  decimals: 0,
} as const;

/** Heart rate, sent by devices over WebSocket. */
export class HeartRateReading {
  @IsSensorId() sensor_id!: string;
  @IsMeasurement(HEART_RATE.min, HEART_RATE.max, HEART_RATE.decimals, HEART_RATE.unit)
  value!: number;
  @IsUnit(HEART_RATE.unit) unit!: 'bpm';
  @IsReadingDate() date!: string;
}
