import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ReadingsServer } from '../broker/readings.server.js';
import { BatchWriter } from '../storage/batch-writer.js';

/**
 * 200 while the broker is connected with the subscriptions granted, the database answers and
 * batches commit; 503 otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly server: ReadingsServer,
    private readonly writer: BatchWriter,
  ) {}

  @Get()
  // no API documentation here: terminus would load @nestjs/swagger to document the route
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([
      () => {
        const mqtt = this.indicators.check('mqtt');
        if (!this.server.isConnected) return mqtt.down({ message: 'not connected' });
        if (!this.server.isSubscribed) return mqtt.down({ message: 'not subscribed yet' });
        return mqtt.up();
      },
      () => this.database.pingCheck('database', { timeout: 1500 }),
      () => {
        const storage = this.indicators.check('storage');
        const failure = this.writer.writeFailure;
        return failure === undefined ? storage.up() : storage.down({ message: failure });
      },
    ]);
  }
}
