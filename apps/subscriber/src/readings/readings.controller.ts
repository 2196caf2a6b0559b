import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { READING_KINDS } from '@healthcare/contracts';
import { UNROUTABLE } from '../broker/reading-topics.js';
import { MqttErrorFilter } from '../errors/mqtt-error.filter.js';
import { IngestService } from './ingest.service.js';
import { readingId } from './reading-id.js';

/**
 * One handler per reading topic. The payload is the message as published (plain JSON, as the
 * gateway or `mosquitto_pub` sends it); each handler settles when the row is committed, and only
 * then does ReadingsServer acknowledge the message.
 */
@Controller()
@UseFilters(MqttErrorFilter)
export class ReadingsController {
  constructor(private readonly ingest: IngestService) {}

  @EventPattern<string>('temperature')
  temperature(@Payload() payload: string, @Ctx() context: MqttContext): Promise<void> {
    return this.ingest.store('temperature', context.getTopic(), payload, readingId(context));
  }

  @EventPattern<string>('pressure')
  pressure(@Payload() payload: string, @Ctx() context: MqttContext): Promise<void> {
    return this.ingest.store('pressure', context.getTopic(), payload, readingId(context));
  }

  @EventPattern<string>('heartRate')
  heartRate(@Payload() payload: string, @Ctx() context: MqttContext): Promise<void> {
    return this.ingest.store('heartRate', context.getTopic(), payload, readingId(context));
  }

  @EventPattern<string>(UNROUTABLE)
  unroutable(@Payload() payload: string, @Ctx() context: MqttContext): Promise<void> {
    const reason =
      `no kind of reading is published on topic "${context.getTopic()}" ` +
      `(the subscriber stores ${READING_KINDS.join(', ')})`;
    return this.ingest.reject(context.getTopic(), payload, reason, readingId(context));
  }
}
