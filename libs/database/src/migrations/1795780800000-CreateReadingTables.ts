import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seed's three reading tables (its columns unchanged, `timestamp` as timestamptz), a unique
 * key per (sensor_id, timestamp) that makes storage idempotent and serves "one sensor, a time
 * range, newest first", `stored_at` for latency, and rejected_message.
 */
export class CreateReadingTables1795780800000 implements MigrationInterface {
  name = 'CreateReadingTables1795780800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE temperature (
        id SERIAL PRIMARY KEY,
        sensor_id VARCHAR(50) NOT NULL,
        value DECIMAL(5,2) NOT NULL,
        unit VARCHAR(10) NOT NULL,
        "timestamp" TIMESTAMPTZ NOT NULL,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX temperature_sensor_id_timestamp_key
        ON temperature (sensor_id, "timestamp")`);

    await queryRunner.query(`
      CREATE TABLE pressure (
        id SERIAL PRIMARY KEY,
        sensor_id VARCHAR(50) NOT NULL,
        systolic DECIMAL(5,1) NOT NULL,
        diastolic DECIMAL(5,1) NOT NULL,
        unit VARCHAR(10) NOT NULL,
        "timestamp" TIMESTAMPTZ NOT NULL,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX pressure_sensor_id_timestamp_key
        ON pressure (sensor_id, "timestamp")`);

    await queryRunner.query(`
      CREATE TABLE heart_rate (
        id SERIAL PRIMARY KEY,
        sensor_id VARCHAR(50) NOT NULL,
        value INTEGER NOT NULL,
        unit VARCHAR(10) NOT NULL,
        "timestamp" TIMESTAMPTZ NOT NULL,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX heart_rate_sensor_id_timestamp_key
        ON heart_rate (sensor_id, "timestamp")`);

    await queryRunner.query(`
      CREATE TABLE rejected_message (
        id SERIAL PRIMARY KEY,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rejected_message');
    await queryRunner.query('DROP TABLE heart_rate');
    await queryRunner.query('DROP TABLE pressure');
    await queryRunner.query('DROP TABLE temperature');
  }
}
