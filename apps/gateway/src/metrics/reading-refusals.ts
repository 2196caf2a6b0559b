import { Injectable, Logger } from '@nestjs/common';
import { SENSOR_ID_PATTERN, type ReadingKind } from '@healthcare/contracts';
import { refusalReason, type RefusalReason } from '../errors/gateway-errors.js';
import { PROTOCOL_OF } from '../readings/protocols.js';
import { GatewayMetrics } from './gateway-metrics.js';

/** Refusals that are the device's own doing; the others are the broker's state, logged by ReadingPublisher. */
const DEVICE_FAULTS: ReadonlySet<RefusalReason> = new Set([
  'invalid_reading',
  'malformed_json',
  'too_large',
  'unsupported_media_type',
]);
/** The devices whose refusal state is remembered; past it the oldest is forgotten. */
export const MAX_DEVICES_REMEMBERED = 10_000;

/**
 * Counts every refused reading and logs a device's refusals once per change of reason: the first
 * invalid reading of a device is one line, the thousand after it none, a valid one after them
 * one line ("accepted again"). A device is named by its sensor_id when the reading had a valid
 * one (only such a one is written into a log line), else by the protocol alone.
 */
@Injectable()
export class ReadingRefusals {
  private readonly logger = new Logger('Refusals');
  /** The reason of each device's last refusal, while its readings are refused. */
  private readonly refusing = new Map<string, RefusalReason>();

  constructor(private readonly metrics: GatewayMetrics) {}

  refused(kind: ReadingKind, err: unknown, sensorId: unknown): void {
    const reason = refusalReason(err);
    this.metrics.refused(kind, reason);
    if (!DEVICE_FAULTS.has(reason)) return;
    const device =
      typeof sensorId === 'string' && SENSOR_ID_PATTERN.test(sensorId)
        ? sensorId
        : `(no valid sensor_id, ${PROTOCOL_OF[kind]})`;
    if (this.refusing.get(device) === reason) return;
    this.refusing.delete(device);
    if (this.refusing.size >= MAX_DEVICES_REMEMBERED) {
      this.refusing.delete(this.refusing.keys().next().value!);
    }
    this.refusing.set(device, reason);
    const message = err instanceof Error ? err.message : String(err);
    this.logger.warn(
      `device ${device}: ${kind} readings refused (${reason}): ${message}; ` +
        'further ones for this reason are counted, not logged',
    );
  }

  /** A reading of this device was published. */
  accepted(sensorId: string): void {
    if (this.refusing.size > 0 && this.refusing.delete(sensorId)) {
      this.logger.log(`device ${sensorId}: readings accepted again`);
    }
  }
}
