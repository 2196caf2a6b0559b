import { Injectable, Logger } from '@nestjs/common';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Protocol } from '../readings/protocols.js';

export type RefusalReason =
  | 'no_token'
  | 'unknown_token'
  | 'expired_token'
  | 'unknown_device'
  | 'disabled'
  | 'wrong_kind'
  | 'wrong_sensor_id';

/**
 * Refusals for a device's identity: counted by protocol and reason
 * (`healthcare_gateway_auth_refusals_total`), and logged once per device (or once for "no token" /
 * "unknown token") and state change, not once per reading.
 */
@Injectable()
export class AuthRefusals {
  private readonly logger = new Logger('DeviceAuth');
  /** The last refusal logged per device (or per kind of anonymous caller). */
  private readonly states = new Map<string, string>();

  constructor(private readonly metrics: GatewayMetrics) {}

  refused(
    protocol: Protocol,
    reason: RefusalReason,
    deviceId: string | undefined,
    message: string,
  ): void {
    this.metrics.authRefused(protocol, reason);
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
}
