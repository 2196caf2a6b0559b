import { ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_ID_PATTERN, PATIENT_ID_RULE } from '@healthcare/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The query of a list that may be narrowed to one patient, a page of `limit` items at a time. */
export class PatientListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PATIENT_ID_PATTERN, { message: PATIENT_ID_RULE })
  patient?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
