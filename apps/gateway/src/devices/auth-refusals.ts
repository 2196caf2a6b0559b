import { Injectable, Logger } from '@nestjs/common';
import type { Protocol } from '../readings/protocols.js';

export type RefusalReason =
  'no_token' | 'unknown_token' | 'expired_token' | 'disabled' | 'wrong_kind' | 'wrong_sensor_id';

/**
 * Refusals for a device's identity: counted by protocol and reason, and logged once per device
 * (or once for "no token" / "unknown token") and state change, not once per reading.
 *
 * The count is the one place the `metrics` branch turns into its prom-client counter
 * `healthcare_gateway_auth_refusals_total{protocol, reason}` when both are merged.
 */
@Injectable()
export class AuthRefusals {
  private readonly logger = new Logger('DeviceAuth');
  private readonly counts = new Map<string, number>();
  /** The last refusal logged per device (or per kind of anonymous caller). */
  private readonly states = new Map<string, string>();

  refused(
    protocol: Protocol,
    reason: RefusalReason,
    deviceId: string | undefined,
    message: string,
  ): void {
    const counter = `${protocol} ${reason}`;
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + 1);
    const who = deviceId ?? `(${reason.replace('_', ' ')})`;
    if (this.states.get(who) === reason) return;
    this.states.set(who, reason);
    this.logger.warn(`refusing ${protocol} readings: ${message}`);
  }

  /** A device accepted again after refusals: said once. */
  accepted(deviceId: string): void {
    if (!this.states.delete(deviceId)) return;
    this.logger.log(`device ${deviceId} is accepted again`);
  }

  /** Refusals so far, by protocol and reason. */
  count(protocol: Protocol, reason: RefusalReason): number {
    return this.counts.get(`${protocol} ${reason}`) ?? 0;
  }
}
