import { Module } from '@nestjs/common';
import { AuthRefusals } from './auth-refusals.js';
import { DeviceAuth } from './device-auth.service.js';
import { DeviceRegistry } from './device-registry.service.js';

/** Device identity: the cached registry and the checks every entry point makes with it. */
@Module({
  providers: [DeviceRegistry, AuthRefusals, DeviceAuth],
  exports: [DeviceAuth],
})
export class DevicesModule {}
