import { Injectable } from '@nestjs/common';
import {
  InvalidReadingError,
  validateReading,
  type Reading,
  type ReadingKind,
} from '@healthcare/contracts';
import { ReadingPublisher } from '../broker/reading-publisher.service.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';

/** What every entry point does with a reading: validate it, then publish it. */
@Injectable()
export class IngestService {
  constructor(
    private readonly publisher: ReadingPublisher,
    private readonly refusals: ReadingRefusals,
  ) {}

  async accept<K extends ReadingKind>(kind: K, input: unknown): Promise<Reading<K>> {
    const result = validateReading(kind, input);
    if (!result.ok) throw new InvalidReadingError(kind, result.errors);
    await this.publisher.publish(kind, result.reading);
    this.refusals.accepted(result.reading.sensor_id);
    return result.reading;
  }
}
