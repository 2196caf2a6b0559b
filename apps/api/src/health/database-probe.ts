import { Inject, Injectable } from '@nestjs/common';
import { describeError } from '@healthcare/database';
import { Database } from '../database/database.js';

/** Whether PostgreSQL answers the API now: what GET /health and the database_up gauge report. */
@Injectable()
export class DatabaseProbe {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Why the database does not answer a `SELECT 1`; undefined when it does. */
  async failure(): Promise<string | undefined> {
    try {
      await this.database.query('SELECT 1');
      return undefined;
    } catch (err) {
      return describeError(err);
    }
  }

  /** Whether it answers within `ms`: a database that hangs counts as down, without waiting for it. */
  async answersWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.failure().then((failure) => failure === undefined), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
