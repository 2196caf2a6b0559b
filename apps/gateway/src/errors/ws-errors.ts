import { Logger } from '@nestjs/common';
import type { ErrorFrame } from '@healthcare/contracts';
import { INTERNAL_ERROR, toErrorFrame } from './gateway-errors.js';

const logger = new Logger('HeartRateGateway');

/**
 * The WebSocket answer to a reading that failed: one error frame, naming the reading when the
 * frame had sensor_id and date; the connection stays open for the next one.
 */
export function wsErrorFrame(err: unknown, text: string): ErrorFrame {
  const frame = toErrorFrame(err);
  if (!frame) logger.error(err);
  return { ...(frame ?? INTERNAL_ERROR), ...identify(text) };
}

/** sensor_id and date of the reading the error is about, when the message had them. */
function identify(text: string): { sensor_id?: string; date?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return {};
    const { sensor_id, date } = value as Record<string, unknown>;
    return {
      ...(typeof sensor_id === 'string' ? { sensor_id } : {}),
      ...(typeof date === 'string' ? { date } : {}),
    };
  } catch {
    return {};
  }
}
