import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PATIENT_ID_PATTERN, PATIENT_ID_RULE, SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { IsOptional, Matches } from 'class-validator';
import { PatientListQuery } from '../common/patient-list.query.js';
import { OptionalInstant } from '../readings/time-range.js';

const SENSOR_RULE = 'sensor_id must be 1-50 letters, digits, _ or -';

export class AssignBody {
  @ApiProperty({ example: 'Temp_001' })
  @Matches(SENSOR_ID_PATTERN, { message: SENSOR_RULE })
  sensor_id: string;

  @ApiProperty({ example: 'patient-1' })
  @Matches(PATIENT_ID_PATTERN, { message: PATIENT_ID_RULE })
  patient: string;

  @OptionalInstant('when the patient started wearing it (default now)')
  from?: string;
}

export class EndAssignmentBody {
  @ApiProperty({ example: 'Temp_001' })
  @Matches(SENSOR_ID_PATTERN, { message: SENSOR_RULE })
  sensor_id: string;

  @OptionalInstant('when the patient stopped wearing it (default now)')
  at?: string;
}

export class AssignmentsQuery extends PatientListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(SENSOR_ID_PATTERN, { message: 'device must be 1-50 letters, digits, _ or -' })
  device?: string;
}
