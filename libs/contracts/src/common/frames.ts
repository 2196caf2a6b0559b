import type { FieldError } from './field-error.js';

/**
 * What the gateway answers on the WebSocket, one JSON text frame per reading.
 * The ack names the reading by sensor_id and date (as sent) so a device can match it.
 */
export interface AckFrame {
  status: 'received';
  sensor_id: string;
  date: string;
}

export type ErrorCode =
  | 'invalid_reading'
  | 'malformed_json'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  /** No valid device token (missing, unknown, expired). */
  | 'unauthenticated'
  /** The token's device may not send this reading (another sensor_id, another kind, disabled). */
  | 'forbidden';

export interface ErrorFrame {
  status: 'error';
  error: ErrorCode;
  message: string;
  /** Present when the reading could be identified. */
  sensor_id?: string;
  date?: string;
  errors?: FieldError[];
}

export type GatewayFrame = AckFrame | ErrorFrame;

/** The REST answer for a reading that was published. */
export const RECEIVED = { status: 'received' } as const;
