import { Injectable } from '@nestjs/common';
import {
  ANY_TIME,
  InvalidReadingError,
  MAX_MESSAGE_BYTES,
  parseReading,
  type ReadingKind,
} from '@healthcare/contracts';
import { ReadingTopics } from '../broker/reading-topics.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { rejection, type ReadingItem } from '../storage/batch.js';
import { BatchWriter } from '../storage/batch-writer.js';

/**
 * What happens to every message: a valid reading goes to its table, anything else to
 * rejected_message with the reason (a reading on a device's topic that names another sensor
 * included). Resolves once the row is committed.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly writer: BatchWriter,
    private readonly metrics: MetricsService,
    private readonly topics: ReadingTopics,
  ) {}

  /** `readingIdProperty`: the message's reading id as it came (readingIdProperty). */
  store(
    kind: ReadingKind,
    topic: string,
    payload: string,
    readingIdProperty?: unknown,
  ): Promise<void> {
    this.metrics.received(kind);
    const receivedAt = new Date();
    // a broker without the size limit may pass one on: never decode it, it could fill the heap
    const bytes = Buffer.byteLength(payload);
    if (bytes > MAX_MESSAGE_BYTES) {
      const reason =
        `the message is ${bytes} bytes, more than the ${MAX_MESSAGE_BYTES} bytes ` +
        'a reading message may have; not decoded';
      return this.writer.add(rejection(topic, payload, reason, receivedAt, readingIdProperty));
    }
    // the date was checked against the clock where the reading entered (the gateway):
    // judged again by this machine's clock, an accepted reading could be refused here
    const result = parseReading(kind, payload, ANY_TIME);
    const device = this.topics.deviceOf(topic);
    if (result.ok && device !== undefined && result.reading.sensor_id !== device) {
      // the broker lets a device login publish on its own topic only; what it says it is, it is not
      const reason =
        `sensor_id "${result.reading.sensor_id}" is not the device of topic "${topic}" ` +
        `(${device}): a device publishing to the broker may send only its own readings`;
      return this.writer.add(rejection(topic, payload, reason, receivedAt, readingIdProperty));
    }
    if (result.ok) {
      const item = {
        kind,
        reading: result.reading,
        topic,
        payload,
        receivedAt,
        readingIdProperty,
      } as ReadingItem;
      return this.writer.add(item);
    }
    const reason = new InvalidReadingError(kind, result.errors).message;
    return this.writer.add(rejection(topic, payload, reason, receivedAt, readingIdProperty));
  }

  /** A message on a topic that carries no kind of reading (a subscription left from another configuration). */
  reject(
    topic: string,
    payload: string,
    reason: string,
    readingIdProperty?: unknown,
  ): Promise<void> {
    this.metrics.received('unroutable');
    return this.writer.add(rejection(topic, payload, reason, new Date(), readingIdProperty));
  }
}
