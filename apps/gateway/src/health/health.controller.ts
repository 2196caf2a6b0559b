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
  @HealthCheck()
  check() {
    return this.health.check([
      () => {
        const mqtt = this.indicators.check('mqtt');
        return this.publisher.isConnected ? mqtt.up() : mqtt.down({ message: 'not connected' });
      },
    ]);
  }
}
