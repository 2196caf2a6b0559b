import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { describeError } from '@healthcare/database';
import { Public } from '../auth/reader.js';
import { Database } from '../database/database.js';

/** 200 while PostgreSQL answers, 503 while it does not. No token needed, no data given. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(Database) private readonly database: Database,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const database = this.indicators.check('database');
        try {
          await this.database.query('SELECT 1');
          return database.up();
        } catch (err) {
          return database.down({ message: describeError(err) });
        }
      },
    ]);
  }
}
