import {
  migrateDatabase,
  registerDevice,
  rotateDevice,
  setDeviceEnabled,
} from '@healthcare/database';
import type { ReadingKind } from '@healthcare/contracts';
import pg from 'pg';

/**
 * The device registry of a test's database, changed with the code of `pnpm devices` (the
 * registry's functions in libs/database): the schema is migrated first, as the command does.
 */
export class TestRegistry {
  private constructor(
    readonly databaseUrl: string,
    private readonly db: pg.Client,
  ) {}

  static async open(databaseUrl: string): Promise<TestRegistry> {
    await migrateDatabase(databaseUrl);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    return new TestRegistry(databaseUrl, db);
  }

  /** A new device; returns its token. */
  async add(id: string, kind: ReadingKind): Promise<string> {
    return (await registerDevice(this.db, id, kind)).token;
  }

  /** A new token; the old ones end `graceMs` from now. */
  async rotate(id: string, graceMs = 0): Promise<string> {
    return (await rotateDevice(this.db, id, graceMs)).token;
  }

  disable(id: string): Promise<void> {
    return setDeviceEnabled(this.db, id, false);
  }

  enable(id: string): Promise<void> {
    return setDeviceEnabled(this.db, id, true);
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}
