import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { INTERNAL_ERROR, toErrorFrame } from './gateway-errors.js';
import { sendFrame } from '../heart-rate/frames.js';

/** A WebSocket error frame per failed reading; the connection stays open for the next one. */
@Catch()
export class WsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsErrorFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const frame = toErrorFrame(err);
    if (!frame) this.logger.error(err);
    sendFrame(ws.getClient<WebSocket>(), {
      ...(frame ?? INTERNAL_ERROR),
      ...identify(ws.getData()),
    });
  }
}

/** sensor_id and date of the reading the error is about, when the message had them. */
function identify(text: unknown): { sensor_id?: string; date?: string } {
  if (typeof text !== 'string') return {};
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
