import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '@healthcare/config';
import { MetricsModule } from '@healthcare/config/metrics';
import { AlertsModule } from './alerts/alerts.module.js';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { ApiConfig } from './config/api.config.js';
import { DatabaseModule } from './database/database.module.js';
import { DevicesModule } from './devices/devices.module.js';
import { FhirModule } from './fhir/fhir.module.js';
import { HealthModule } from './health/health.module.js';
import { LiveModule } from './live/live.module.js';
import { ReadingsModule } from './readings/readings.module.js';
import { VitalsModule } from './vitals/vitals.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        MetricsModule.forRoot(config),
        DatabaseModule,
        AuthModule,
        HealthModule,
        ReadingsModule,
        DevicesModule,
        AssignmentsModule,
        FhirModule,
        AlertsModule,
        VitalsModule,
        LiveModule,
      ],
    };
  }
}
