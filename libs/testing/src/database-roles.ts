import { randomPassword } from '@healthcare/config';
import { DATABASE_ROLES, roleName, type DatabaseRole } from '@healthcare/database';
import { runMigrations } from '@healthcare/embedded/migrate';
import type { TestDatabase } from './postgres.js';

/** A login of each role of a test database (libs/database ROLE_GRANTS). */
export type RoleUrls = Record<DatabaseRole, string>;

/**
 * Runs the migrate step on the test database as its owner (the URL it was created with), with a
 * fresh password for every role, as compose and `pnpm start` do; returns each role's URL.
 * `createTestDatabase`'s drop() removes the roles again.
 */
export async function migrateWithRoles(db: TestDatabase): Promise<RoleUrls> {
  const passwords = Object.fromEntries(DATABASE_ROLES.map((r) => [r, randomPassword()]));
  await runMigrations({
    DATABASE_URL: db.url,
    DATABASE_WRITER_PASSWORD: passwords.writer,
    DATABASE_READER_PASSWORD: passwords.reader,
    DATABASE_REGISTRY_PASSWORD: passwords.registry,
  });
  const urlOf = (role: DatabaseRole) => {
    const url = new URL(db.url);
    url.username = roleName(db.name, role);
    url.password = passwords[role];
    return url.toString();
  };
  return Object.fromEntries(DATABASE_ROLES.map((r) => [r, urlOf(r)])) as RoleUrls;
}
