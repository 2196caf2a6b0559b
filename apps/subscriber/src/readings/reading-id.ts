import type { MqttContext } from '@nestjs/microservices';
import type { IPublishPacket } from 'mqtt';
import { readingIdOf } from '@healthcare/contracts';
/** An id as the gateway makes them (a UUID), with room to spare; anything else is not kept or logged. */
const READING_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The message's reading id as it came (MQTT 5 only), unchecked and not yet read: most readings'
 * ids are never shown, so checkedReadingId reads and checks one only where it is (a rejection, a
 * conflict).
 */
export function readingIdProperty(context: MqttContext): unknown {
  return (context.getPacket() as IPublishPacket).properties?.correlationData;
}

/** The id the gateway gave the message's reading, when the property holds a well-formed one. */
export function checkedReadingId(property: unknown): string | undefined {
  const id = readingIdOf(property);
  return id !== undefined && READING_ID.test(id) ? id : undefined;
}
