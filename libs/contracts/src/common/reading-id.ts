/**
 * The MQTT 5 user property in which the gateway sends the id it gave an accepted reading, so that
 * the reading can be followed into the subscriber's logs and metrics. MQTT 3.1.1 has no
 * properties: there a reading travels without an id (the payload stays the seed's JSON).
 */
export const READING_ID_PROPERTY = 'reading-id';
