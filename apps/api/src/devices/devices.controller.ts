import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { SENSOR_ID_PATTERN } from '@healthcare/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CurrentReader, patientInScope, type Reader } from '../auth/reader.js';
import { readingJson } from '../readings/reading-json.js';
import { DevicesRepository, type Device } from './devices.repository.js';

export class DevicesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 50;

  @ApiPropertyOptional({ description: 'next_cursor of the page before' })
  @IsOptional()
  @Matches(SENSOR_ID_PATTERN, { message: 'cursor is not a cursor this API gave' })
  cursor?: string;
}

@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(@Inject(DevicesRepository) private readonly devices: DevicesRepository) {}

  /** Devices by sensor_id: kind and newest reading, and who wears each now. */
  @Get()
  async list(@Query() query: DevicesQuery, @CurrentReader() reader: Reader) {
    const patient = patientInScope(reader, undefined);
    const ids = await this.devices.sensorIds(patient, query.cursor ?? '', query.limit + 1);
    const page = ids.slice(0, query.limit);
    const items = await Promise.all(page.map((id) => this.devices.describe(id, patient)));
    return {
      items: items.map(deviceJson),
      next_cursor: ids.length > query.limit ? page[page.length - 1] : null,
    };
  }
}

export function deviceJson(device: Device) {
  return {
    sensor_id: device.sensorId,
    kind: device.lastReading?.kind ?? null,
    last_reading: device.lastReading ? readingJson(device.lastReading) : null,
    patient: device.patient,
  };
}
