import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/reader.js';
import { DatabaseProbe } from './database-probe.js';

/** 200 while PostgreSQL answers, 503 while it does not. No token needed, no data given. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(DatabaseProbe) private readonly probe: DatabaseProbe,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const database = this.indicators.check('database');
        const failure = await this.probe.failure();
        return failure === undefined ? database.up() : database.down({ message: failure });
      },
    ]);
  }
}
