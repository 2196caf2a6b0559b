import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RECEIVED } from '@healthcare/contracts';
import { IngestService } from '../readings/ingest.service.js';
import { parseJson } from '../readings/parse-json.js';

export const TEMPERATURE_ROUTE = 'temperature';

/** Temperature devices POST one JSON reading per request, as in the seed. */
@Controller(TEMPERATURE_ROUTE)
export class TemperatureController {
  constructor(private readonly ingest: IngestService) {}

  /** The body arrives as text (see main.ts): malformed JSON is answered like any invalid reading. */
  @Post()
  @HttpCode(200)
  async receive(@Body() body: string | undefined): Promise<typeof RECEIVED> {
    await this.ingest.accept('temperature', parseJson(body ?? ''));
    return RECEIVED;
  }
}
