import { ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_ID_PATTERN, PATIENT_ID_RULE } from '@healthcare/contracts';
import { ALERT_STATES, type AlertState } from '@healthcare/database';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class AlertsQuery {
  @ApiPropertyOptional({
    enum: ALERT_STATES,
    default: 'open',
    description:
      'open: needs attention (not closed, not acknowledged); acknowledged: not closed but ' +
      'acknowledged; closed; all',
  })
  @IsOptional()
  @IsIn(ALERT_STATES, { message: `state must be one of ${ALERT_STATES.join(', ')}` })
  state: AlertState = 'open';

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
