import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { NEWS2_BANDS } from '@healthcare/early-warning';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentReader, patientInScope, type Reader } from '../auth/reader.js';
import { ApiConfig } from '../config/api.config.js';
import { VitalsRepository } from './vitals.repository.js';

export class VitalsQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  history_minutes = 60;
}

/** What the live page opens with: every patient wearing a device, newest vitals and last hour. */
@ApiTags('vitals')
@ApiBearerAuth()
@Controller('vitals')
export class VitalsController {
  constructor(
    @Inject(VitalsRepository) private readonly vitals: VitalsRepository,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  @Get()
  async list(@Query() query: VitalsQuery, @CurrentReader() reader: Reader) {
    const patient = patientInScope(reader, undefined);
    return {
      partial_score_note: 'NEWS2 over systolic pressure, pulse and temperature only (3 of 7)',
      bands: NEWS2_BANDS,
      // a value older than this counts in no score: the page greys it out as it ages
      vital_max_age_s: this.config.VITAL_MAX_AGE_S,
      patients: await this.vitals.current(patient, query.history_minutes),
    };
  }
}
