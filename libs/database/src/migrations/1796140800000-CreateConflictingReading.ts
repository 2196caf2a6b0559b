import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * conflicting_reading: a reading received with the (sensor_id, timestamp) of a stored one but
 * other values (a device clock reset, two devices on one id). The stored reading stays; both
 * values are kept here as JSON, since they differ from kind to kind. The unique key records
 * each different reading once, however often the broker delivers it.
 */
export class CreateConflictingReading1796140800000 implements MigrationInterface {
  name = 'CreateConflictingReading1796140800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conflicting_reading (
        id SERIAL PRIMARY KEY,
        kind TEXT NOT NULL,
        sensor_id VARCHAR(50) NOT NULL,
        "timestamp" TIMESTAMPTZ NOT NULL,
        stored JSONB NOT NULL,
        received JSONB NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX conflicting_reading_received_key
        ON conflicting_reading (kind, sensor_id, "timestamp", received)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE conflicting_reading');
  }
}
