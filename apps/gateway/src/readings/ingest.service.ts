import { Injectable } from '@nestjs/common';
import {
  InvalidReadingError,
  validateReading,
  type Reading,
  type ReadingKind,
} from '@healthcare/contracts';
import { ReadingPublisher } from '../broker/reading-publisher.service.js';

/** What every entry point does with a reading: validate it, then publish it. */
@Injectable()
export class IngestService {
  constructor(private readonly publisher: ReadingPublisher) {}

  async accept<K extends ReadingKind>(kind: K, input: unknown): Promise<Reading<K>> {
    const result = validateReading(kind, input);
    if (!result.ok) throw new InvalidReadingError(kind, result.errors);
    await this.publisher.publish(kind, result.reading);
    return result.reading;
  }
}
