import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiMetricsModule } from '../metrics/api-metrics.module.js';
import { ReaderAuthGuard } from './reader-auth.guard.js';
import { ReaderCache } from './reader-cache.js';
import { ReadersRepository } from './readers.repository.js';

@Module({
  imports: [ApiMetricsModule],
  providers: [ReaderCache, ReadersRepository, { provide: APP_GUARD, useClass: ReaderAuthGuard }],
})
export class AuthModule {}
