import { MIGRATIONS } from '../migrations/index.js';
import { withDatabaseReady } from '../prepare-database.js';

/**
 * Creates the database when the server lacks it and runs every migration not applied yet, as the
 * subscriber does at start: for tools that use the schema without the subscriber (the device
 * command). With `wait` false an unreachable server is an error at once.
 */
export async function migrateDatabase(url: string, { wait = false } = {}): Promise<void> {
  await withDatabaseReady(
    url,
    async () => {
      // loaded here, not with the lib: the gateway imports the lib for its device registry and
      // would otherwise keep the whole of typeorm (every driver's code) in its memory
      const { DataSource } = await import('typeorm');
      const dataSource = new DataSource({
        type: 'postgres',
        url,
        migrations: MIGRATIONS,
        migrationsTransactionMode: 'all',
        connectTimeoutMS: 5000,
        applicationName: 'healthcare-migrate',
      });
      await dataSource.initialize();
      try {
        await dataSource.runMigrations({ transaction: 'all' });
      } finally {
        await dataSource.destroy();
      }
    },
    { wait },
  );
}
