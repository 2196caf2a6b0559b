import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  assignDevice,
  endAssignment,
  listAssignments,
  type Assignment,
} from '@healthcare/database';
import { CurrentReader, patientInScope, requireAllPatients, type Reader } from '../auth/reader.js';
import { Database } from '../database/database.js';
import { AssignBody, AssignmentsQuery, EndAssignmentBody } from './assignments.dto.js';

/** Who wore which device when: read by any reader (its own patient's), changed by readers of all. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(@Inject(Database) private readonly database: Database) {}

  @Get()
  async list(@Query() query: AssignmentsQuery, @CurrentReader() reader: Reader) {
    const patient = patientInScope(reader, query.patient);
    const items = await listAssignments(
      this.database,
      { sensorId: query.device, patient },
      query.limit,
    );
    return { items: items.map(assignmentJson) };
  }

  /** Assigns a device to a patient from `from` (default now); whoever wore it before stops then. */
  @Post()
  @HttpCode(201)
  async assign(@Body() body: AssignBody, @CurrentReader() reader: Reader) {
    requireAllPatients(reader);
    const from = body.from ? new Date(body.from) : new Date();
    return assignmentJson(
      await this.withClient((c) => assignDevice(c, body.sensor_id, body.patient, from)),
    );
  }

  /** Ends a device's open assignment at `at` (default now). */
  @Post('end')
  @HttpCode(200)
  async end(@Body() body: EndAssignmentBody, @CurrentReader() reader: Reader) {
    requireAllPatients(reader);
    const at = body.at ? new Date(body.at) : new Date();
    return assignmentJson(await this.withClient((c) => endAssignment(c, body.sensor_id, at)));
  }

  private async withClient<T>(work: (client: import('pg').PoolClient) => Promise<T>): Promise<T> {
    const client = await this.database.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
}

function assignmentJson(a: Assignment) {
  return {
    id: a.id,
    sensor_id: a.sensorId,
    patient: a.patient,
    from: a.validFrom.toISOString(),
    to: a.validTo?.toISOString() ?? null,
  };
}
