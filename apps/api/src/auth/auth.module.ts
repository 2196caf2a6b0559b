import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ReaderAuthGuard } from './reader-auth.guard.js';
import { ReaderCache } from './reader-cache.js';
import { ReadersRepository } from './readers.repository.js';

@Module({
  providers: [ReaderCache, ReadersRepository, { provide: APP_GUARD, useClass: ReaderAuthGuard }],
})
export class AuthModule {}
