import { ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_ID_PATTERN, PATIENT_ID_RULE, SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_CURSOR_LENGTH } from './cursor.js';
import { OptionalInstant } from './time-range.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Whose readings and when: a device, a patient, or both (the device while the patient wore it). */
export class SubjectQuery {
  @ApiPropertyOptional({ description: 'a sensor_id', example: 'Temp_001' })
  @IsOptional()
  @Matches(SENSOR_ID_PATTERN, { message: 'device must be 1-50 letters, digits, _ or -' })
  device?: string;

  @ApiPropertyOptional({ description: 'a patient identifier', example: 'patient-1' })
  @IsOptional()
  @Matches(PATIENT_ID_PATTERN, { message: PATIENT_ID_RULE })
  patient?: string;

  @OptionalInstant('from this instant on (ISO 8601; without an offset, UTC)')
  from?: string;

  @OptionalInstant('before this instant (ISO 8601; without an offset, UTC)')
  to?: string;
}

export class ReadingsQuery extends SubjectQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;

  @ApiPropertyOptional({ description: 'next_cursor of the page before' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;
}

export const BUCKET_PATTERN = /^([1-9][0-9]{0,4})(m|h|d)$/;
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };
/** More buckets than this in one answer are refused: ask for a wider bucket or a shorter range. */
export const MAX_BUCKETS = 10_000;

export class AggregatesQuery extends SubjectQuery {
  @ApiPropertyOptional({ description: 'bucket width, 1m to 1d: 5m, 1h, 1d...', default: '1h' })
  @IsOptional()
  @MaxLength(8)
  @Matches(BUCKET_PATTERN, { message: 'bucket must be minutes, hours or a day: 1m, 15m, 1h, 1d' })
  bucket = '1h';
}

/** The width of a bucket in seconds, or undefined outside 1 minute..1 day. */
export function bucketSeconds(bucket: string): number | undefined {
  const match = BUCKET_PATTERN.exec(bucket);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  return seconds >= 60 && seconds <= 86_400 ? seconds : undefined;
}
