import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ApiConfig } from '../config/api.config.js';
import { createDatabase, Database } from './database.js';

@Global()
@Module({
  providers: [{ provide: Database, inject: [ApiConfig], useFactory: createDatabase }],
  exports: [Database],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.end();
  }
}
