/**
 * The largest message a reading may travel in, in bytes of payload. The broker refuses bigger
 * ones (docker/mosquitto/mosquitto.conf, message_size_limit) and the clients neither send nor
 * decode them. A reading is a small JSON object: this leaves room for any a device could mean,
 * and keeps what one message can cost a process small.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Unknown fields listed one by one in a reading's errors; the others are counted in one more. */
export const MAX_UNKNOWN_FIELDS = 5;

/** The longest field name repeated in an error; a longer one is cut. */
export const MAX_FIELD_NAME_SHOWN = 64;
