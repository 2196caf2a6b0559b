import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '@healthcare/config';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { ApiConfig } from './config/api.config.js';
import { DatabaseModule } from './database/database.module.js';
import { DevicesModule } from './devices/devices.module.js';
import { FhirModule } from './fhir/fhir.module.js';
import { HealthModule } from './health/health.module.js';
import { ReadingsModule } from './readings/readings.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule,
        AuthModule,
        HealthModule,
        ReadingsModule,
        DevicesModule,
        AssignmentsModule,
        FhirModule,
      ],
    };
  }
}
