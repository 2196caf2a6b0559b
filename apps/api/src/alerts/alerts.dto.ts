import { ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATES, type AlertState } from '@healthcare/database';
import { IsIn, IsOptional } from 'class-validator';
import { PatientListQuery } from '../common/patient-list.query.js';

export class AlertsQuery extends PatientListQuery {
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
}
