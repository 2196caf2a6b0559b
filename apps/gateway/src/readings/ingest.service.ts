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

/** How a reading is answered: the reading as published, or why it was refused. */
export type Accepted<K extends ReadingKind> = (err: unknown, reading?: Reading<K>) => void;

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

  accept<K extends ReadingKind>(
    kind: K,
    input: unknown,
    credential: Credential | undefined,
  ): Promise<Reading<K>> {
    return new Promise((resolve, reject) =>
      this.take(kind, input, credential, (err, reading) =>
        // what was thrown, as the async form of this method rejected with it
        reading ? resolve(reading) : reject(err as Error),
      ),
    );
  }

  /**
   * As accept, answering through `done` (called once): the WebSocket path answers each of many
   * frames without a promise chain per reading.
   */
  take<K extends ReadingKind>(
    kind: K,
    input: unknown,
    credential: Credential | undefined,
    done: Accepted<K>,
  ): void {
    let reading: Reading<K>;
    try {
      this.auth.authorize(credential, input);
      const result = validateReading(kind, input);
      if (!result.ok) throw new InvalidReadingError(kind, result.errors);
      reading = result.reading;
    } catch (err) {
      return done(err);
    }
    this.publisher.send(kind, reading, (err) => {
      if (err) return done(err);
      this.refusals.accepted(reading.sensor_id);
      done(undefined, reading);
    });
  }
}
