import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The device registry: one row per device (its id is the sensor_id it may send for, with the
 * contract's shape, and the one kind of reading it may send), and its credentials: token digests
 * with a validity window, so that a rotation lets the old and the new token overlap for a while
 * (as Eclipse Hono's credentials do). A statement trigger notifies `device_registry` on every
 * change, so a gateway's cached view follows without polling the tables on each reading.
 */
export class CreateDeviceRegistry1796400000000 implements MigrationInterface {
  name = 'CreateDeviceRegistry1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE device (
        id VARCHAR(50) PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,50}$'),
        kind TEXT NOT NULL CHECK (kind IN ('temperature', 'pressure', 'heartRate')),
        enabled BOOLEAN NOT NULL DEFAULT true,
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE TABLE device_credential (
        id SERIAL PRIMARY KEY,
        device_id VARCHAR(50) NOT NULL REFERENCES device (id) ON DELETE CASCADE,
        digest BYTEA NOT NULL UNIQUE CHECK (octet_length(digest) = 32),
        not_before TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        not_after TIMESTAMPTZ CHECK (not_after IS NULL OR not_after >= not_before),
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX device_credential_device_id_idx ON device_credential (device_id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION notify_device_registry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('device_registry', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$`);
    for (const table of ['device', 'device_credential']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_changed
          AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION notify_device_registry()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE device_credential');
    await queryRunner.query('DROP TABLE device');
    await queryRunner.query('DROP FUNCTION notify_device_registry()');
  }
}
