import type { MqttContext } from '@nestjs/microservices';
import type { IPublishPacket } from 'mqtt';
import { READING_ID_PROPERTY } from '@healthcare/contracts';
/** An id as the gateway makes them (a UUID), with room to spare; anything else is not kept or logged. */
const READING_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The id the gateway gave the message's reading, when it has a well-formed one (MQTT 5 only). */
export function readingId(context: MqttContext): string | undefined {
  const packet = context.getPacket() as IPublishPacket;
  const value = packet.properties?.userProperties?.[READING_ID_PROPERTY];
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === 'string' && READING_ID.test(id) ? id : undefined;
}
