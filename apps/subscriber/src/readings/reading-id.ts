import type { MqttContext } from '@nestjs/microservices';
import type { IPublishPacket } from 'mqtt';
import { READING_ID_PROPERTY } from '@healthcare/contracts';
/** An id as the gateway makes them (a UUID), with room to spare; anything else is not kept or logged. */
const READING_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The message's `reading-id` user property as it came (MQTT 5 only), unchecked: most readings'
 * ids are never shown, so checkedReadingId runs only where one is (a rejection, a conflict).
 */
export function readingIdProperty(context: MqttContext): unknown {
  return (context.getPacket() as IPublishPacket).properties?.userProperties?.[READING_ID_PROPERTY];
}

/** The id the gateway gave the message's reading, when the property holds a well-formed one. */
export function checkedReadingId(property: unknown): string | undefined {
  const id: unknown = Array.isArray(property) ? property[0] : property;
  return typeof id === 'string' && READING_ID.test(id) ? id : undefined;
}
