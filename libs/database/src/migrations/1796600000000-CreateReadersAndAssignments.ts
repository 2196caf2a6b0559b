import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read API's tables. `reader`: who may read (everything, or one patient's readings);
 * `reader_credential`: its tokens, stored as SHA-256 digests with a validity window;
 * `assignment`: which patient wore a device when. Two assignments of one device never overlap
 * (an exclusion constraint, so two commands at once cannot both pass a check), and a reading
 * belongs to the patient whose assignment covers its timestamp.
 */
export class CreateReadersAndAssignments1796600000000 implements MigrationInterface {
  name = 'CreateReadersAndAssignments1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `=` on a text column inside a GiST exclusion constraint; a trusted extension since PG 13
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');

    await queryRunner.query(`
      CREATE TABLE reader (
        id SERIAL PRIMARY KEY,
        name VARCHAR(100) NOT NULL UNIQUE,
        patient VARCHAR(64),
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        disabled_at TIMESTAMPTZ
      )`);

    await queryRunner.query(`
      CREATE TABLE reader_credential (
        id SERIAL PRIMARY KEY,
        reader_id INTEGER NOT NULL REFERENCES reader (id) ON DELETE CASCADE,
        token_digest BYTEA NOT NULL UNIQUE CHECK (length(token_digest) = 32),
        not_before TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        not_after TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        CHECK (not_after IS NULL OR not_after > not_before)
      )`);
    await queryRunner.query(
      'CREATE INDEX reader_credential_reader_id_idx ON reader_credential (reader_id)',
    );

    await queryRunner.query(`
      CREATE TABLE assignment (
        id SERIAL PRIMARY KEY,
        sensor_id VARCHAR(50) NOT NULL,
        patient VARCHAR(64) NOT NULL,
        valid_from TIMESTAMPTZ NOT NULL,
        valid_to TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        CHECK (valid_to IS NULL OR valid_to > valid_from),
        CONSTRAINT assignment_no_overlap
          EXCLUDE USING gist (sensor_id WITH =, tstzrange(valid_from, valid_to) WITH &&)
      )`);
    // a patient's readings: their assignments first, then each device's rows by its own index
    await queryRunner.query(
      'CREATE INDEX assignment_patient_valid_from_idx ON assignment (patient, valid_from)',
    );
    await queryRunner.query(
      'CREATE INDEX assignment_sensor_id_valid_from_idx ON assignment (sensor_id, valid_from)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE assignment');
    await queryRunner.query('DROP TABLE reader_credential');
    await queryRunner.query('DROP TABLE reader');
  }
}
