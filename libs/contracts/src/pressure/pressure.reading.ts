import {
  IsGreaterThan,
  IsMeasurement,
  IsReadingDate,
  IsSensorId,
  IsUnit,
} from '../common/decorators.js';

export const PRESSURE = {
  topic: 'pressure',
  unit: 'mmHg',
  systolic: { min: 40, max: 300 },
  diastolic: { min: 20, max: 200 },
  decimals: 1,
} as const;

/** Blood pressure, sent by devices over gRPC. */
export class PressureReading {
  @IsSensorId() sensor_id!: string;
  @IsMeasurement(PRESSURE.systolic.min, PRESSURE.systolic.max, PRESSURE.decimals, PRESSURE.unit)
  @IsGreaterThan('diastolic')
  systolic!: number;
  @IsMeasurement(PRESSURE.diastolic.min, PRESSURE.diastolic.max, PRESSURE.decimals, PRESSURE.unit)
  diastolic!: number;
  @IsUnit(PRESSURE.unit) unit!: 'mmHg';
  @IsReadingDate() date!: string;
}
