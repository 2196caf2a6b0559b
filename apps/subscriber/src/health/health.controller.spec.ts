import 'reflect-metadata';
import { HealthController } from './health.controller.js';

describe('the health route', () => {
  // the subscriber serves no API documentation: @nestjs/swagger, which terminus loads when it can
  // to document the route, would only take memory
  it('is not documented for swagger', () => {
    const keys = Reflect.getMetadataKeys(HealthController.prototype.check) as string[];
    expect(keys.filter((key) => key.startsWith('swagger/'))).toEqual([]);
  });
});
