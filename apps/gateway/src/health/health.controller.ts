import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadingPublisher } from '../broker/reading-publisher.service.js';

/** 200 while the broker connection is up, 503 while it is not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly publisher: ReadingPublisher,
  ) {}

  @Get()
  // no API documentation here: with it terminus loads @nestjs/swagger into the gateway's memory
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([
      () => {
        const mqtt = this.indicators.check('mqtt');
        return this.publisher.isConnected ? mqtt.up() : mqtt.down({ message: 'not connected' });
      },
    ]);
  }
}
