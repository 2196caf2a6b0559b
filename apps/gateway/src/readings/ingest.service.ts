import { Injectable } from '@nestjs/common';
import {
  InvalidReadingError,
  validateReading,
  type Reading,
  type ReadingKind,
} from '@healthcare/contracts';
import { ReadingPublisher } from '../broker/reading-publisher.service.js';
import { ReadingRefusals } from '../metrics/reading-refusals.js';
import { DeviceAuth, type Credential } from '../devices/device-auth.service.js';

/**
 * What every entry point does with a reading: check that the caller's device may send it (its
 * entry point authenticated the caller), validate it, then publish it.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly publisher: ReadingPublisher,
    private readonly refusals: ReadingRefusals,
    private readonly auth: DeviceAuth,
  ) {}

  async accept<K extends ReadingKind>(
    kind: K,
    input: unknown,
    credential: Credential | undefined,
  ): Promise<Reading<K>> {
    this.auth.authorize(credential, input);
    const result = validateReading(kind, input);
    if (!result.ok) throw new InvalidReadingError(kind, result.errors);
    await this.publisher.publish(kind, result.reading);
    this.refusals.accepted(result.reading.sensor_id);
    return result.reading;
  }
}
