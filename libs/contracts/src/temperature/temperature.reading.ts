import { IsMeasurement, IsReadingDate, IsSensorId, IsUnit } from '../common/decorators.js';

export const TEMPERATURE = {
  topic: 'temperature',
  unit: 'C',
  min: 25,
  max: 45,
  decimals: 2,
} as const;

/** Body temperature, sent by devices over REST. */
export class TemperatureReading {
  @IsSensorId() sensor_id!: string;
  @IsMeasurement(TEMPERATURE.min, TEMPERATURE.max, TEMPERATURE.decimals, TEMPERATURE.unit)
  value!: number;
  @IsUnit(TEMPERATURE.unit) unit!: 'C';
  @IsReadingDate() date!: string;
}
