import { MIGRATIONS } from '@healthcare/database';
import { DataSource } from 'typeorm';

/** The schema every app shares (libs/database's migrations), made on a test's database. */
export async function applyMigrations(url: string): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
}
