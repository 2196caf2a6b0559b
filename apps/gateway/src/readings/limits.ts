/** The largest reading body accepted on REST and WebSocket: 16 KiB. */
export const MAX_READING_BYTES = 16 * 1024;
