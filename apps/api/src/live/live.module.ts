import { Module } from '@nestjs/common';
import { ApiConfig } from '../config/api.config.js';
import { LiveController } from './live.controller.js';
import { LiveFeed } from './live-feed.js';

@Module({
  controllers: [LiveController],
  providers: [
    {
      provide: LiveFeed,
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) => new LiveFeed(c.DATABASE_URL),
    },
  ],
})
export class LiveModule {}
