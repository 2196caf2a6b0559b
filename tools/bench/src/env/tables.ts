import type { BenchDatabase } from './database.js';

/**
 * The `temperature` table as the subscriber's migration creates it (CreateReadingTables): the
 * baselines write to the same shape, unique key included.
 */
export async function createTemperatureTable(db: BenchDatabase): Promise<void> {
  await db.query(`
    CREATE TABLE temperature (
      id SERIAL PRIMARY KEY,
      sensor_id VARCHAR(50) NOT NULL,
      value DECIMAL(5,2) NOT NULL,
      unit VARCHAR(10) NOT NULL,
      "timestamp" TIMESTAMPTZ NOT NULL,
      stored_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    )`);
  await db.query(
    'CREATE UNIQUE INDEX temperature_sensor_id_timestamp_key ON temperature (sensor_id, "timestamp")',
  );
}
