import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { acknowledgeAlert, LIVE_CHANNEL, listAlerts } from '@healthcare/database';
import { CurrentReader, patientInScope, type Reader } from '../auth/reader.js';
import { Database } from '../database/database.js';
import { InvalidRequestError, NotFoundError } from '../errors/api-errors.js';
import { AlertsQuery } from './alerts.dto.js';

/** The largest alert id there can be (bigserial). */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/** NEWS2 early-warning alerts: listed by any reader (its own patient's), acknowledged by name. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Alerts newest first; by default those that need attention. */
  @Get()
  async list(@Query() query: AlertsQuery, @CurrentReader() reader: Reader) {
    const patient = patientInScope(reader, query.patient);
    const items = await listAlerts(this.database, { state: query.state, patient }, query.limit);
    return { items };
  }

  /** Records that this reader has seen the alert, and when; the first acknowledgement stands. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(
    @Param('id', new ParseIntPipe({ exceptionFactory: () => badId() })) id: number,
    @CurrentReader() reader: Reader,
  ) {
    if (id < 1 || id > MAX_ID) throw badId();
    const client = await this.database.connect();
    try {
      const alert = await acknowledgeAlert(client, id, reader.id, reader.patient ?? undefined);
      if (!alert) throw new NotFoundError(`no alert ${id}`);
      // live views drop it from their open list at once
      await client.query('SELECT pg_notify($1, $2)', [
        LIVE_CHANNEL,
        JSON.stringify({ type: 'alert', alert }),
      ]);
      return alert;
    } finally {
      client.release();
    }
  }
}

function badId(): InvalidRequestError {
  return new InvalidRequestError('id must be a positive integer', [
    { field: 'id', messages: ['must be a positive integer'] },
  ]);
}
