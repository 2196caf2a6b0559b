import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_CURSOR_LENGTH } from '../readings/cursor.js';
import { DATE_PARAM } from './date-param.js';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;
const REFERENCE = (type: string) => new RegExp(`^(${type}/)?[A-Za-z0-9.-]{1,64}$`);

/** GET /fhir/Observation's parameters: those the CapabilityStatement lists, nothing else. */
export class ObservationSearch {
  @ApiPropertyOptional({ description: 'Patient id or Patient/id' })
  @IsOptional()
  @Matches(REFERENCE('Patient'), { message: 'patient must be a Patient id' })
  patient?: string;

  @ApiPropertyOptional({ description: 'Patient/id' })
  @IsOptional()
  @Matches(REFERENCE('Patient'), { message: 'subject must be a Patient reference' })
  subject?: string;

  @ApiPropertyOptional({ description: 'Device/id (a sensor_id with _ written as .)' })
  @IsOptional()
  @Matches(REFERENCE('Device'), { message: 'device must be a Device reference' })
  device?: string;

  @ApiPropertyOptional({ description: 'LOINC codes, comma-separated: 8310-5, 8867-4, 85354-9' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  code?: string;

  @ApiPropertyOptional({
    description: 'up to two: date=ge2026-12-01&date=lt2026-12-02T10:00:00Z',
    type: [String],
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMaxSize(2, { message: 'at most two date parameters' })
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  @Matches(DATE_PARAM, { each: true, message: 'date must be a FHIR date search value' })
  date?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_COUNT, default: DEFAULT_COUNT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  _count: number = DEFAULT_COUNT;

  @ApiPropertyOptional({ description: 'where the page starts: from the next link' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  _cursor?: string;
}
