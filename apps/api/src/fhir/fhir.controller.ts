import { Controller, Get, Header, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BundleLink, CapabilityStatement, Device, Patient } from '@medplum/fhirtypes';
import {
  PATIENT_ID_PATTERN,
  READING_KINDS,
  SENSOR_ID_PATTERN,
  type ReadingKind,
} from '@healthcare/contracts';
import type { TimeRange } from '@healthcare/database';
import type { FastifyRequest } from 'fastify';
import { CurrentReader, patientInScope, type Reader } from '../auth/reader.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { InvalidRequestError, NotFoundError } from '../errors/api-errors.js';
import { decodeCursor } from '../readings/cursor.js';
import { parseReadingId, readingId } from '../readings/kinds.js';
import { ReadingsRepository, type StoredReading } from '../readings/readings.repository.js';
import { capabilityStatement } from './capability-statement.js';
import { applyDateParam } from './date-param.js';
import { sensorIdOf } from './ids.js';
import { kindOfCode, observationJson } from './observation.js';
import { FHIR_CONTENT_TYPE } from './operation-outcome.js';
import { searchsetBody, toDevice, toPatient } from './resources.js';
import { ObservationSearch } from './search.dto.js';

@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir')
export class FhirController {
  constructor(
    @Inject(ReadingsRepository) private readonly readings: ReadingsRepository,
    @Inject(DevicesRepository) private readonly devices: DevicesRepository,
  ) {}

  @Get('metadata')
  @Header('content-type', FHIR_CONTENT_TYPE)
  metadata(@Req() request: FastifyRequest): CapabilityStatement {
    return capabilityStatement(baseUrl(request));
  }

  /**
   * Vital-sign Observations of a patient or a device, newest first, `_count` per page: a searchset
   * Bundle's JSON, written from constant parts (most of a page's bytes are alike) as one Buffer.
   */
  @Get('Observation')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async search(
    @Query() query: ObservationSearch,
    @CurrentReader() reader: Reader,
    @Req() request: FastifyRequest,
  ): Promise<Buffer> {
    if (query.patient && query.subject && strip(query.patient) !== strip(query.subject)) {
      throw invalid('patient', 'patient and subject name different patients');
    }
    const asked = query.patient ?? query.subject;
    const patient = patientInScope(reader, asked === undefined ? undefined : strip(asked));
    const sensorId = query.device === undefined ? undefined : sensorIdOf(strip(query.device));
    if (patient === undefined && sensorId === undefined) {
      throw invalid('patient', 'name a patient, a subject or a device');
    }
    let range: TimeRange = {};
    for (const value of query.date ?? []) range = applyDateParam(range, value);
    const page = await this.readings.page({
      kinds: kindsOf(query.code),
      subject: { sensorId, patient, assignedOnly: true },
      range,
      cursor: query._cursor === undefined ? undefined : decodeCursor(query._cursor, '_cursor'),
      limit: query._count,
    });
    const base = baseUrl(request);
    const links: BundleLink[] = [{ relation: 'self', url: searchUrl(base, query, query._cursor) }];
    if (page.next) links.push({ relation: 'next', url: searchUrl(base, query, page.next) });
    const observations = page.items.map((r) => ({
      id: readingId(r.kind, r.rowId),
      json: observationOf(r),
    }));
    return searchsetBody(base, observations, links);
  }

  @Get('Observation/:id')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async observation(@Param('id') id: string, @CurrentReader() reader: Reader): Promise<string> {
    const ref = parseReadingId(id);
    const reading = ref && (await this.readings.byId(ref.kind, ref.rowId));
    // another patient's reading is answered as missing: its existence is not the reader's to know
    if (!reading?.patient || (reader.patient !== null && reading.patient !== reader.patient)) {
      throw new NotFoundError(`Observation/${id} is not known`);
    }
    return observationOf(reading);
  }

  @Get('Patient/:id')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async patient(@Param('id') id: string, @CurrentReader() reader: Reader): Promise<Patient> {
    if (!PATIENT_ID_PATTERN.test(id)) throw new NotFoundError(`Patient/${id} is not known`);
    patientInScope(reader, id);
    const known = await this.devices.patientKnown(id);
    if (!known) throw new NotFoundError(`Patient/${id} is not known`);
    return toPatient(id);
  }

  @Get('Device/:id')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async device(@Param('id') id: string, @CurrentReader() reader: Reader): Promise<Device> {
    const sensorId = sensorIdOf(id);
    const device = SENSOR_ID_PATTERN.test(sensorId)
      ? await this.devices.find(sensorId, patientInScope(reader, undefined))
      : undefined;
    if (!device) throw new NotFoundError(`Device/${id} is not known`);
    return toDevice(device);
  }
}

function observationOf(reading: StoredReading): string {
  if (reading.patient === null) throw new Error('an Observation needs a patient');
  return observationJson(reading, reading.patient);
}

function strip(reference: string): string {
  return reference.slice(reference.indexOf('/') + 1);
}

function invalid(field: string, message: string): InvalidRequestError {
  return new InvalidRequestError(message, [{ field, messages: [message] }]);
}

function kindsOf(code: string | undefined): readonly ReadingKind[] {
  if (code === undefined) return READING_KINDS;
  const tokens = code.split(',');
  const kinds = tokens.map(kindOfCode);
  if (tokens.length > 3 || kinds.some((k) => k === undefined)) {
    throw invalid('code', 'code must be LOINC 8310-5, 8867-4 or 85354-9 (comma-separated)');
  }
  return [...new Set(kinds as ReadingKind[])];
}

/** This server's FHIR base as the client reached it. */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir`;
}

function searchUrl(base: string, query: ObservationSearch, cursor: string | undefined): string {
  const params = new URLSearchParams();
  for (const name of ['patient', 'subject', 'device', 'code'] as const) {
    const value = query[name];
    if (value !== undefined) params.append(name, value);
  }
  for (const value of query.date ?? []) params.append('date', value);
  params.append('_count', String(query._count));
  if (cursor !== undefined) params.append('_cursor', cursor);
  return `${base}/Observation?${params.toString()}`;
}
