import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { RECEIVED } from '@healthcare/contracts';
import type { FastifyRequest } from 'fastify';
import { verifiedSubject } from '../devices/client-certificate.js';
import { DeviceAuth } from '../devices/device-auth.service.js';
import { IngestService } from '../readings/ingest.service.js';
import { parseJson } from '../readings/parse-json.js';

export const TEMPERATURE_ROUTE = 'temperature';

/**
 * Temperature devices POST one JSON reading per request, as in the seed, with their token or
 * their client certificate.
 */
@Controller(TEMPERATURE_ROUTE)
export class TemperatureController {
  constructor(
    private readonly auth: DeviceAuth,
    private readonly ingest: IngestService,
  ) {}

  /** The body arrives as text (see main.ts): malformed JSON is answered like any invalid reading. */
  @Post()
  @HttpCode(200)
  async receive(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<typeof RECEIVED> {
    const credential = this.auth.authenticate(
      authorization,
      'temperature',
      verifiedSubject(request.raw.socket),
    );
    await this.ingest.accept('temperature', parseJson(body ?? ''), credential);
    return RECEIVED;
  }
}
