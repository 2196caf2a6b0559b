import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { MqttContext } from '@nestjs/microservices';
import { READING_KINDS } from '@healthcare/contracts';
import { UNROUTABLE } from '../broker/reading-topics.js';
import { ReadingsServer } from '../broker/readings.server.js';
import { IngestService } from './ingest.service.js';
import { readingIdProperty } from './reading-id.js';

/**
 * One handler per reading topic. The payload is the message as published (plain JSON, as the
 * gateway or `mosquitto_pub` sends it); each handler settles when the row is committed, and only
 * then does ReadingsServer acknowledge the message; a handler's error reaches it as it is.
 *
 * The handlers are plain functions handed to the server rather than Nest `@EventPattern`
 * methods, whose per-message pipeline (an execution context, parameter pipes, an exception
 * filter's observable) was a large share of the subscriber's CPU per reading.
 */
@Injectable()
export class ReadingsRoutes implements OnModuleInit {
  constructor(
    private readonly server: ReadingsServer,
    private readonly ingest: IngestService,
  ) {}

  onModuleInit(): void {
    for (const kind of READING_KINDS) {
      this.server.addHandler(
        kind,
        (payload: string, context: MqttContext) =>
          this.ingest.store(kind, context.getTopic(), payload, readingIdProperty(context)),
        true,
      );
    }
    this.server.addHandler(
      UNROUTABLE,
      (payload: string, context: MqttContext) => {
        const reason =
          `no kind of reading is published on topic "${context.getTopic()}" ` +
          `(the subscriber stores ${READING_KINDS.join(', ')})`;
        return this.ingest.reject(context.getTopic(), payload, reason, readingIdProperty(context));
      },
      true,
    );
  }
}
