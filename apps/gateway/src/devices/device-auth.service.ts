import { Injectable } from '@nestjs/common';
import { bearerToken, certificateDeviceId } from '@healthcare/credentials';
import type { ReadingKind } from '@healthcare/contracts';
import { ForbiddenError, UnauthenticatedError } from '../errors/gateway-errors.js';
import { PROTOCOL_OF, type Protocol } from '../readings/protocols.js';
import { AuthRefusals, type RefusalReason } from './auth-refusals.js';
import type { CertificateSubject } from './client-certificate.js';
import { DeviceRegistry } from './device-registry.service.js';
import type { Device, Lookup } from './registry-view.js';

/**
 * How a caller proved which device it is, looked up again on each reading of a WebSocket: a
 * token or a client certificate the client CA verified (the device id it names).
 */
export type Proof = { token: string } | { certificate: string };

/** A caller that proved it is a device; the rest of the path does not care how. */
export interface Credential {
  proof: Proof;
  device: Device;
}

/**
 * Who may send what: a Bearer token, or else a verified client certificate, names one registered
 * device (cached view, one Map lookup), which may send readings of its own kind for its own
 * sensor_id only. With DEVICE_AUTH=off every check passes, as in the seed.
 */
@Injectable()
export class DeviceAuth {
  constructor(
    private readonly registry: DeviceRegistry,
    private readonly refusals: AuthRefusals,
  ) {}

  get required(): boolean {
    return this.registry.enabled;
  }

  /**
   * The credential of an `Authorization` header or, without one, of the client certificate the
   * connection verified (`certificate`, its subject), checked for `kind`; undefined when
   * authentication is off. Throws UnauthenticatedError (no valid token or certificate, or a
   * certificate of an unregistered device) or ForbiddenError.
   */
  authenticate(
    header: string | undefined,
    kind: ReadingKind,
    certificate?: CertificateSubject,
  ): Credential | undefined {
    if (!this.required) return undefined;
    const protocol = PROTOCOL_OF[kind];
    const credential: Credential = {
      proof: this.proof(header, certificate, protocol),
      device: { id: '', kind },
    };
    credential.device = this.check(credential, protocol);
    if (credential.device.kind !== kind) {
      throw this.forbidden(
        protocol,
        'wrong_kind',
        credential.device.id,
        `device ${credential.device.id} may send ${credential.device.kind} readings, not ${kind}`,
      );
    }
    return credential;
  }

  /**
   * A token whenever the caller sent an Authorization header (so a token keeps working as it
   * did), else the device its verified client certificate names.
   */
  private proof(
    header: string | undefined,
    certificate: CertificateSubject | undefined,
    protocol: Protocol,
  ): Proof {
    if (header === undefined && certificate !== undefined) {
      const id = certificateDeviceId(certificate);
      if (id === undefined) {
        throw this.unauthenticated(
          protocol,
          'unknown_device',
          'the client certificate names no device: its subject must be CN=<sensor_id>',
          false,
        );
      }
      return { certificate: id };
    }
    const token = bearerToken(header);
    if (token === undefined) {
      const message = header
        ? 'the Authorization header does not hold a device token ("Bearer hiot_...")'
        : 'no device token: send "Authorization: Bearer <token>"';
      throw this.unauthenticated(protocol, 'no_token', message, header !== undefined);
    }
    return { token };
  }

  /**
   * The credential's device as the registry says now (it may have been disabled, or its token
   * ended, since the connection began); throws as authenticate does.
   */
  check(credential: Credential, protocol = PROTOCOL_OF[credential.device.kind]): Device {
    const { proof } = credential;
    const found: Lookup =
      'token' in proof
        ? this.registry.view.lookup(proof.token)
        : this.registry.view.lookupDevice(proof.certificate);
    if (found.ok) return found.device;
    switch (found.reason) {
      case 'unknown_token':
        throw this.unauthenticated(protocol, found.reason, 'unknown device token', true);
      case 'expired_token':
        throw this.unauthenticated(
          protocol,
          found.reason,
          `the token of device ${found.device?.id} is not valid now (rotated or not yet valid)`,
          true,
          found.device?.id,
        );
      case 'unknown_device':
        throw this.unauthenticated(
          protocol,
          found.reason,
          `no device ${'certificate' in proof ? proof.certificate.slice(0, 64) : ''} in the ` +
            'registry: the client certificate names it',
          false,
        );
      case 'disabled':
        throw this.forbidden(
          protocol,
          found.reason,
          found.device?.id,
          `device ${found.device?.id} is disabled`,
        );
    }
  }

  /** A reading's sensor_id must be the token's device; checked before the reading is validated. */
  authorize(credential: Credential | undefined, input: unknown): void {
    if (!credential) return;
    const protocol = PROTOCOL_OF[credential.device.kind];
    const sensorId = (input as { sensor_id?: unknown } | null)?.sensor_id;
    const { id } = credential.device;
    if (typeof sensorId === 'string' && sensorId !== id) {
      throw this.forbidden(
        protocol,
        'wrong_sensor_id',
        id,
        `the ${'token' in credential.proof ? 'token' : 'certificate'} is device ${id}'s; ` +
          `it may not send readings of ${JSON.stringify(sensorId.slice(0, 50))}`,
      );
    }
    this.refusals.accepted(id);
  }

  private unauthenticated(
    protocol: Protocol,
    reason: RefusalReason,
    message: string,
    tokenGiven: boolean,
    deviceId?: string,
  ): UnauthenticatedError {
    this.refusals.refused(protocol, reason, deviceId, message);
    return new UnauthenticatedError(message, tokenGiven);
  }

  private forbidden(
    protocol: Protocol,
    reason: RefusalReason,
    deviceId: string | undefined,
    message: string,
  ): ForbiddenError {
    this.refusals.refused(protocol, reason, deviceId, message);
    return new ForbiddenError(message);
  }
}
