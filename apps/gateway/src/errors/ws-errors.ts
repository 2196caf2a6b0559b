import { Logger } from '@nestjs/common';
import type { ErrorFrame } from '@healthcare/contracts';
import { identify } from '../readings/identify.js';
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
