/**
 * The gateway sends the id it gave an accepted reading as the Correlation Data of its MQTT 5
 * PUBLISH (the id's ASCII bytes), so that the reading can be followed into the subscriber's logs
 * and metrics. Correlation Data rather than a user property: mqtt.js and mqtt-packet spend more
 * per publish on a user property (an object of pairs, copied and walked generically) than on one
 * binary property. MQTT 3.1.1 has no properties: there a reading travels without an id (the
 * payload stays the seed's JSON).
 */
export interface ReadingIdProperties {
  correlationData?: Buffer;
}

/** The publish properties that carry a reading's id. */
export function readingIdProperties(id: string): ReadingIdProperties {
  return { correlationData: Buffer.from(id, 'latin1') };
}

/** The id a message's Correlation Data carries, as the gateway sends it (unchecked). */
export function readingIdOf(correlationData: unknown): string | undefined {
  return Buffer.isBuffer(correlationData) ? correlationData.toString('latin1') : undefined;
}
